# fish completion for licutil — copy to ~/.config/fish/completions/licutil.fish
set -l cmds env lmpath stat lmstat rlmstat lmdiag hostid lmhostid rlmhostid sign rlmsign serve explain
complete -c licutil -f
complete -c licutil -n "not __fish_seen_subcommand_from $cmds" -a "env lmpath" -d 'license environment'
complete -c licutil -n "not __fish_seen_subcommand_from $cmds" -a "stat lmstat rlmstat" -d 'license status'
complete -c licutil -n "not __fish_seen_subcommand_from $cmds" -a lmdiag -d 'why a feature can or cannot be used'
complete -c licutil -n "not __fish_seen_subcommand_from $cmds" -a "hostid lmhostid rlmhostid" -d "this machine's hostids"
complete -c licutil -n "not __fish_seen_subcommand_from $cmds" -a "sign rlmsign" -d 'sign, verify, make keys'
complete -c licutil -n "not __fish_seen_subcommand_from $cmds" -a serve -d 'license server'
complete -c licutil -n "not __fish_seen_subcommand_from $cmds" -a explain -d 'what an error code means'
# global options
complete -c licutil -s c -l license -r -F -d 'license sources to use'
complete -c licutil -l json -d 'one JSON document on stdout'
complete -c licutil -l color -d 'colour output'
complete -c licutil -l no-color -d 'no colour'
complete -c licutil -s q -l quiet -d 'print only what was asked for'
complete -c licutil -l isv -r -d 'ISV (vendor) name'
complete -c licutil -l dialect -x -a 'rlm flexlm' -d 'license file dialect'
complete -c licutil -s h -l help -d help
complete -c licutil -s V -l version -d version
# stat
complete -c licutil -n "__fish_seen_subcommand_from stat lmstat rlmstat" -s i -d 'read license files here'
complete -c licutil -n "__fish_seen_subcommand_from stat lmstat rlmstat lmdiag sign rlmsign serve" -l pub -r -F -d 'public key'
# lmdiag
complete -c licutil -n "__fish_seen_subcommand_from lmdiag" -s n -d 'non-interactive'
complete -c licutil -n "__fish_seen_subcommand_from lmdiag" -l password -r -d 'license password'
# hostid
complete -c licutil -n "__fish_seen_subcommand_from hostid lmhostid rlmhostid" -a 'all ether host ip user 32'
complete -c licutil -n "__fish_seen_subcommand_from hostid lmhostid rlmhostid" -s n -d 'hostids only'
# sign
complete -c licutil -n "__fish_seen_subcommand_from sign rlmsign" -a keygen -d 'make a key pair'
complete -c licutil -n "__fish_seen_subcommand_from sign rlmsign" -l key -r -F -d 'private key'
complete -c licutil -n "__fish_seen_subcommand_from sign rlmsign" -l verify -d 'check signatures'
complete -c licutil -n "__fish_seen_subcommand_from sign rlmsign" -s o -l out -r -F -d 'write here'
complete -c licutil -n "__fish_seen_subcommand_from sign rlmsign" -s n -l dry-run -d 'show, do not write'
complete -c licutil -n "__fish_seen_subcommand_from sign rlmsign" -s f -l force -d 'overwrite keys'
complete -c licutil -n "__fish_seen_subcommand_from sign rlmsign" -F
# serve
complete -c licutil -n "__fish_seen_subcommand_from serve" -l port -x -d port
complete -c licutil -n "__fish_seen_subcommand_from serve" -l bind -x -d address
complete -c licutil -n "__fish_seen_subcommand_from serve" -l state-dir -r -F -d 'state directory'
complete -c licutil -n "__fish_seen_subcommand_from serve" -l keys -r -F -d 'key directory'
complete -c licutil -n "__fish_seen_subcommand_from serve" -l require-signatures -d 'refuse unsigned'
complete -c licutil -n "__fish_seen_subcommand_from serve" -l admin-token-file -r -F -d 'admin token'
complete -c licutil -n "__fish_seen_subcommand_from serve" -l tls-cert -r -F -d certificate
complete -c licutil -n "__fish_seen_subcommand_from serve" -l tls-key -r -F -d 'TLS key'
complete -c licutil -n "__fish_seen_subcommand_from serve" -l lease-max -x -d 'longest lease (s)'
complete -c licutil -n "__fish_seen_subcommand_from serve" -l no-journal -d 'no journal'
complete -c licutil -n "__fish_seen_subcommand_from serve" -F
# explain
complete -c licutil -n "__fish_seen_subcommand_from explain" -l rlm -d 'RLM code'
complete -c licutil -n "__fish_seen_subcommand_from explain" -l flexlm -d 'FlexNet code'
