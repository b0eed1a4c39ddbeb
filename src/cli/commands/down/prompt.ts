// The one question licutil asks: lmdown's "are you sure?". The question goes to
// stderr (stdout stays for what was asked for) and the answer is the first line
// of stdin, terminal or not, so `echo y | licutil down` works as with lmdown;
// end of input is "no".
export function askYesNo(question: string, input: NodeJS.ReadableStream = process.stdin, output: NodeJS.WritableStream = process.stderr): Promise<boolean> {
  output.write(question);
  return new Promise((resolve) => {
    let text = '';
    const done = (answer: string) => {
      input.off('data', onData);
      input.off('end', onEnd);
      input.off('error', onEnd);
      (input as NodeJS.ReadStream).pause?.();
      resolve(/^\s*y(es)?\s*$/i.test(answer));
    };
    const onData = (chunk: Buffer | string) => {
      text += chunk.toString();
      const nl = text.indexOf('\n');
      if (nl < 0) return;
      // a terminal echoed the answer and its newline; piped input is not echoed
      if (!(input as NodeJS.ReadStream).isTTY) output.write(`${text.slice(0, nl)}\n`);
      done(text.slice(0, nl));
    };
    const onEnd = () => {
      output.write(`${text}\n`);
      done(text);
    };
    input.on('data', onData);
    input.once('end', onEnd);
    input.once('error', onEnd);
  });
}
