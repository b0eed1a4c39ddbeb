# bash completion for licutil — source it, or copy it to
# /usr/share/bash-completion/completions/licutil (and link lmutil-style aliases if you like).
_licutil() {
  local cur prev cmd i
  COMPREPLY=()
  cur="${COMP_WORDS[COMP_CWORD]}"
  prev="${COMP_WORDS[COMP_CWORD-1]}"
  local commands="env lmpath stat lmstat rlmstat lmdiag hostid lmhostid rlmhostid sign rlmsign serve explain"
  local global="-c --license --json --color --no-color -q --quiet --isv --dialect -h --help -V --version"

  cmd=""
  for ((i = 1; i < COMP_CWORD; i++)); do
    case "${COMP_WORDS[i]}" in
      -*) ;;
      *) cmd="${COMP_WORDS[i]}"; break ;;
    esac
  done

  case "$prev" in
    -c|--license|--pub|--key|--out|-o|--admin-token-file|--tls-cert|--tls-key|--state-dir|--config|--keys)
      COMPREPLY=( $(compgen -f -- "$cur") ); return ;;
    --dialect) COMPREPLY=( $(compgen -W "rlm flexlm" -- "$cur") ); return ;;
  esac

  if [[ -z "$cmd" ]]; then
    COMPREPLY=( $(compgen -W "$commands $global" -- "$cur") ); return
  fi

  local opts=""
  case "$cmd" in
    env|lmpath) opts="" ;;
    stat|lmstat|rlmstat) opts="-i --pub" ;;
    lmdiag) opts="-n --pub --password" ;;
    hostid|lmhostid|rlmhostid) opts="-n"
      [[ "$cur" != -* ]] && { COMPREPLY=( $(compgen -W "all ether host ip user 32" -- "$cur") ); return; } ;;
    sign|rlmsign) opts="--key --verify --pub --out -o --dry-run -n --force -f"
      [[ "$cur" != -* ]] && { COMPREPLY=( $(compgen -W "keygen" -f -- "$cur") ); return; } ;;
    explain) opts="--rlm --flexlm" ;;
    serve) opts="--port --bind --state-dir --pub --keys --require-signatures --admin-token-file --tls-cert --tls-key --lease-max --no-journal" ;;
  esac
  if [[ "$cur" == -* ]]; then
    COMPREPLY=( $(compgen -W "$opts $global" -- "$cur") )
  else
    COMPREPLY=( $(compgen -f -- "$cur") )
  fi
}
complete -o filenames -F _licutil licutil
