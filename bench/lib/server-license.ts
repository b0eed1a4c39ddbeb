// The license file every server benchmark serves: floating licenses of ISV
// `bench` on this machine, unsigned (a server without --require-signatures
// serves them), permanent.
export function serverLicense(products: Record<string, number>): string {
  const lines = ['HOST localhost any 5053', 'ISV bench'];
  for (const [product, count] of Object.entries(products)) lines.push(`LICENSE bench ${product} 1.0 permanent ${count}`);
  return `${lines.join('\n')}\n`;
}
