# bash completion for licutil — source it, or copy it to
# /usr/share/bash-completion/completions/licutil
_licutil() {
  local cur prev cmd i opts
  COMPREPLY=()
  cur="${COMP_WORDS[COMP_CWORD]}"
  prev="${COMP_WORDS[COMP_CWORD-1]}"
  local commands="env lmpath stat lmstat rlmstat lmdiag hostid lmhostid rlmhostid checkout checkin heartbeat reread lmreread rlmreread remove lmremove rlmremove down lmdown rlmdown sign rlmsign serve explain report"
  local global="-c --license --json --color --no-color -q --quiet --isv --dialect -h --help -V --version"

  cmd=""
  for ((i = 1; i < COMP_CWORD; i++)); do
    case "${COMP_WORDS[i]}" in
      -*) ;;
      *) cmd="${COMP_WORDS[i]}"; break ;;
    esac
  done

  case "$prev" in
    -c|--license|--pub|--lmutil|--rlmutil|--key|--out|-o|--admin-token-file|--tls-cert|--tls-key|--state-dir|--config|--check-config|--keys)
      COMPREPLY=( $(compgen -f -- "$cur") ); return ;;
    --dialect) COMPREPLY=( $(compgen -W "rlm flexlm" -- "$cur") ); return ;;
    --format)
      local stat_formats="lmstat rlmstat table" report_formats="auto licutil flexnet rlm"
      [[ "$cmd" == report ]] && stat_formats="$report_formats"
      COMPREPLY=( $(compgen -W "$stat_formats" -- "$cur") ); return ;;
    --by) COMPREPLY=( $(compgen -W "feature user host day hour" -- "$cur") ); return ;;
    --html) COMPREPLY=( $(compgen -f -- "$cur") ); return ;;
    --from) COMPREPLY=( $(compgen -W "lmstat rlmstat" -- "$cur") ); return ;;
    --on-lost) COMPREPLY=( $(compgen -W "warn kill" -- "$cur") ); return ;;
  esac

  if [[ -z "$cmd" ]]; then
    COMPREPLY=( $(compgen -W "$commands $global" -- "$cur") ); return
  fi

  opts=""
  case "$cmd" in
    env|lmpath) opts="" ;;
    stat|lmstat|rlmstat) opts="-i -a -f -u --avail --format --from --tz --pub --timeout --lmutil --rlmutil" ;;
    lmdiag) opts="-n --no-checkout --pub --password --timeout --lmutil --rlmutil" ;;
    hostid|lmhostid|rlmhostid) opts="-n"
      [[ "$cur" != -* ]] && { COMPREPLY=( $(compgen -W "all ether host ip user 32" -- "$cur") ); return; } ;;
    checkout) opts="-n --count --wait --lease --tag --password --timeout --on-lost --detach" ;;
    checkin) opts="--timeout" ;;
    heartbeat) opts="--timeout" ;;
    reread|lmreread|rlmreread) opts="--timeout --admin-token-file --allow-plain-token" ;;
    remove|lmremove|rlmremove) opts="--timeout --admin-token-file --allow-plain-token" ;;
    down|lmdown|rlmdown) opts="--timeout --admin-token-file --allow-plain-token --force" ;;
    sign|rlmsign) opts="--key --verify --pub --out -o --dry-run -n --force -f"
      [[ "$cur" != -* ]] && { COMPREPLY=( $(compgen -W "keygen" -- "$cur") $(compgen -f -- "$cur") ); return; } ;;
    serve) opts="--port --bind --state-dir --pub --keys --require-signatures --admin-token-file --no-loopback-admin --tls-cert --tls-key --lease-max --lease-default --no-journal -v --verbose --config --check-config --monitor --no-web --allow-host --remote-origin --store --init" ;;
    explain) opts="--rlm --flexlm" ;;
    report) opts="--since --until -f --feature --by --csv --html --format --tz" ;;
  esac
  if [[ "$cur" == -* ]]; then
    COMPREPLY=( $(compgen -W "$opts $global" -- "$cur") )
  else
    COMPREPLY=( $(compgen -f -- "$cur") )
  fi
}
complete -o filenames -F _licutil licutil
