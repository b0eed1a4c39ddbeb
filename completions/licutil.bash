# bash completion for licutil — source it, or copy it to
# /usr/share/bash-completion/completions/licutil
# Generated from the argument specs (src/cli/completions/); do not edit by hand.
_licutil() {
  local cur prev cmd i opts dashdash=0
  COMPREPLY=()
  cur="${COMP_WORDS[COMP_CWORD]}"
  prev="${COMP_WORDS[COMP_CWORD-1]}"
  local commands='env lmpath stat lmstat rlmstat lmdiag hostid lmhostid rlmhostid checkout checkin heartbeat reread lmreread rlmreread remove lmremove rlmremove down lmdown rlmdown sign rlmsign serve explain report'
  local global='-c --license --json --no-color -q --quiet --isv --dialect -h --help -V --version'

  # the command is the first word that is neither an option nor the value of one
  cmd=""
  for ((i = 1; i < COMP_CWORD; i++)); do
    case "${COMP_WORDS[i]}" in
      -c|--license|--isv|--dialect) ((i++)) ;;
      -*) ;;
      *) cmd="${COMP_WORDS[i]}"; break ;;
    esac
  done
  for ((i = i + 1; i < COMP_CWORD; i++)); do [[ "${COMP_WORDS[i]}" == -- ]] && dashdash=1; done

  case "$prev" in
    -c|--license) COMPREPLY=( $(compgen -f -- "$cur") ); return ;;
    --isv) :; return ;;
    --dialect) COMPREPLY=( $(compgen -W 'rlm flexlm' -- "$cur") ); return ;;
  esac

  if [[ -z "$cmd" ]]; then
    COMPREPLY=( $(compgen -W "$commands $global" -- "$cur") ); return
  fi

  opts=""
  case "$cmd" in
    env|lmpath)
      opts=''
      [[ $cmd == lmpath ]] && { opts+=' -status'; }
      ;;
    stat|lmstat|rlmstat)
      case "$prev" in
        --timeout) :; return ;;
        -f) :; return ;;
        -u) :; return ;;
        --format) COMPREPLY=( $(compgen -W 'table lmstat rlmstat' -- "$cur") ); return ;;
        --from) COMPREPLY=( $(compgen -W 'lmstat rlmstat' -- "$cur") ); return ;;
        --tz) :; return ;;
        --lmutil) COMPREPLY=( $(compgen -f -- "$cur") ); return ;;
        --rlmutil) COMPREPLY=( $(compgen -f -- "$cur") ); return ;;
        --pub) COMPREPLY=( $(compgen -f -- "$cur") ); return ;;
      esac
      opts='--timeout -a -f -u --avail --format --from --tz --lmutil --rlmutil -i --pub'
      [[ $cmd == lmstat ]] && { case "$prev" in -t) return ;; esac; opts+=' -A -S -t'; }
      [[ $cmd == rlmstat ]] && { case "$prev" in -z) return ;; esac; opts+=' -avail -l -p -z'; }
      ;;
    lmdiag)
      case "$prev" in
        --timeout) :; return ;;
        --lmutil) COMPREPLY=( $(compgen -f -- "$cur") ); return ;;
        --rlmutil) COMPREPLY=( $(compgen -f -- "$cur") ); return ;;
        --pub) COMPREPLY=( $(compgen -f -- "$cur") ); return ;;
        --password) :; return ;;
      esac
      opts='--timeout -n --no-checkout --lmutil --rlmutil --pub --password'
      ;;
    hostid|lmhostid|rlmhostid)
      opts='-n'
      [[ $cmd == lmhostid ]] && { opts+=' -hostname -ether -user -internet'; }
      [[ $cmd == rlmhostid ]] && { opts+=' -hostname -ether -user -internet'; }
      [[ "$cur" != -* ]] && { COMPREPLY=( $(compgen -W 'all ether host ip user 32 ethernet hostname internet username' -- "$cur") ); return; }
      ;;
    checkout)
      [[ $dashdash == 1 ]] && { COMPREPLY=( $(compgen -c -- "$cur") ); return; }
      case "$prev" in
        -n|--count) :; return ;;
        --wait) :; return ;;
        --lease) :; return ;;
        --tag) :; return ;;
        --password) :; return ;;
        --timeout) :; return ;;
        --on-lost) COMPREPLY=( $(compgen -W 'warn kill' -- "$cur") ); return ;;
      esac
      opts='-n --count --wait --lease --tag --password --timeout --on-lost --detach'
      ;;
    checkin)
      case "$prev" in
        --timeout) :; return ;;
      esac
      opts='--timeout'
      ;;
    heartbeat)
      case "$prev" in
        --timeout) :; return ;;
      esac
      opts='--timeout'
      ;;
    reread|lmreread|rlmreread)
      case "$prev" in
        --timeout) :; return ;;
        --admin-token-file) COMPREPLY=( $(compgen -f -- "$cur") ); return ;;
      esac
      opts='--timeout --admin-token-file --allow-plain-token'
      [[ $cmd == lmreread ]] && { case "$prev" in -vendor) return ;; esac; opts+=' -vendor -all'; }
      ;;
    remove|lmremove|rlmremove)
      case "$prev" in
        --timeout) :; return ;;
        --admin-token-file) COMPREPLY=( $(compgen -f -- "$cur") ); return ;;
      esac
      opts='--timeout --admin-token-file --allow-plain-token'
      ;;
    down|lmdown|rlmdown)
      case "$prev" in
        --timeout) :; return ;;
        --admin-token-file) COMPREPLY=( $(compgen -f -- "$cur") ); return ;;
      esac
      opts='--timeout --admin-token-file --allow-plain-token --force'
      [[ $cmd == lmdown ]] && { case "$prev" in -vendor) return ;; esac; opts+=' -vendor -force -all'; }
      [[ $cmd == rlmdown ]] && { case "$prev" in -vendor) return ;; esac; opts+=' -vendor -force -all'; }
      ;;
    sign|rlmsign)
      case "$prev" in
        --key) COMPREPLY=( $(compgen -f -- "$cur") ); return ;;
        --pub) COMPREPLY=( $(compgen -f -- "$cur") ); return ;;
        -o|--out) COMPREPLY=( $(compgen -f -- "$cur") ); return ;;
      esac
      opts='--key --verify --pub -o --out -n --dry-run -f --force'
      [[ "$cur" != -* ]] && { COMPREPLY=( $(compgen -W 'keygen' -- "$cur") $(compgen -f -- "$cur") ); return; }
      ;;
    serve)
      case "$prev" in
        --port) :; return ;;
        --bind) :; return ;;
        --state-dir) COMPREPLY=( $(compgen -d -- "$cur") ); return ;;
        --pub) COMPREPLY=( $(compgen -f -- "$cur") ); return ;;
        --keys) COMPREPLY=( $(compgen -d -- "$cur") ); return ;;
        --admin-token-file) COMPREPLY=( $(compgen -f -- "$cur") ); return ;;
        --tls-cert) COMPREPLY=( $(compgen -f -- "$cur") ); return ;;
        --tls-key) COMPREPLY=( $(compgen -f -- "$cur") ); return ;;
        --lease-max) :; return ;;
        --lease-default) :; return ;;
        --queue-per-client) :; return ;;
        --fd-headroom) :; return ;;
        --poll-timeout) :; return ;;
        --store) :; return ;;
        --config) COMPREPLY=( $(compgen -f -- "$cur") ); return ;;
        --check-config) COMPREPLY=( $(compgen -f -- "$cur") ); return ;;
        --allow-host) :; return ;;
        --auth-failures) :; return ;;
        --denials-per-minute) :; return ;;
        --remote-origin) :; return ;;
      esac
      opts='--port --bind --state-dir --pub --keys --require-signatures --admin-token-file --no-loopback-admin --tls-cert --tls-key --lease-max --lease-default --queue-per-client --fd-headroom --poll-timeout --no-journal --store --init -v --verbose --config --check-config --monitor --no-web --allow-host --auth-failures --denials-per-minute --remote-origin'
      [[ "$cur" != -* ]] && { COMPREPLY=( $(compgen -f -- "$cur") ); return; }
      ;;
    explain)
      [[ $dashdash == 1 ]] && { COMPREPLY=( $(compgen -c -- "$cur") ); return; }
      opts='--rlm --flexlm'
      ;;
    report)
      case "$prev" in
        --since) :; return ;;
        --until) :; return ;;
        -f|--feature) :; return ;;
        --by) COMPREPLY=( $(compgen -W 'feature user host day hour' -- "$cur") ); return ;;
        --html) COMPREPLY=( $(compgen -f -- "$cur") ); return ;;
        --format) COMPREPLY=( $(compgen -W 'auto licutil flexnet rlm' -- "$cur") ); return ;;
        --tz) :; return ;;
      esac
      opts='--since --until -f --feature --by --csv --html --format --tz'
      [[ "$cur" != -* ]] && { COMPREPLY=( $(compgen -f -- "$cur") ); return; }
      ;;
  esac
  [[ "$cur" == -* ]] && COMPREPLY=( $(compgen -W "$opts $global" -- "$cur") )
}
complete -o filenames -F _licutil licutil
