# fish completion for licutil — copy to ~/.config/fish/completions/licutil.fish
set -l cmds env lmpath stat lmstat rlmstat lmdiag hostid lmhostid rlmhostid checkout checkin heartbeat reread lmreread rlmreread remove lmremove rlmremove down lmdown rlmdown sign rlmsign serve explain report
complete -c licutil -f
complete -c licutil -n "not __fish_seen_subcommand_from $cmds" -a "env lmpath" -d "show the license environment"
complete -c licutil -n "not __fish_seen_subcommand_from $cmds" -a "stat lmstat rlmstat" -d "license status"
complete -c licutil -n "not __fish_seen_subcommand_from $cmds" -a "lmdiag" -d "why a feature can or cannot be used"
complete -c licutil -n "not __fish_seen_subcommand_from $cmds" -a "hostid lmhostid rlmhostid" -d "hostids of this machine"
complete -c licutil -n "not __fish_seen_subcommand_from $cmds" -a "checkout" -d "hold a seat while a command runs"
complete -c licutil -n "not __fish_seen_subcommand_from $cmds" -a "checkin" -d "return a detached seat"
complete -c licutil -n "not __fish_seen_subcommand_from $cmds" -a "heartbeat" -d "renew a detached seat"
complete -c licutil -n "not __fish_seen_subcommand_from $cmds" -a "reread lmreread rlmreread" -d "servers re-read their licenses"
complete -c licutil -n "not __fish_seen_subcommand_from $cmds" -a "remove lmremove rlmremove" -d "end a checkout"
complete -c licutil -n "not __fish_seen_subcommand_from $cmds" -a "down lmdown rlmdown" -d "stop the servers"
complete -c licutil -n "not __fish_seen_subcommand_from $cmds" -a "sign rlmsign" -d "sign, verify, make keys"
complete -c licutil -n "not __fish_seen_subcommand_from $cmds" -a "serve" -d "run the license server"
complete -c licutil -n "not __fish_seen_subcommand_from $cmds" -a "explain" -d "what an error code means"
complete -c licutil -n "not __fish_seen_subcommand_from $cmds" -a "report" -d "usage report from report and debug logs"
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
# env
# stat
complete -c licutil -n "__fish_seen_subcommand_from stat lmstat rlmstat" -s i
complete -c licutil -n "__fish_seen_subcommand_from stat lmstat rlmstat" -s a
complete -c licutil -n "__fish_seen_subcommand_from stat lmstat rlmstat" -s f
complete -c licutil -n "__fish_seen_subcommand_from stat lmstat rlmstat" -s u
complete -c licutil -n "__fish_seen_subcommand_from stat lmstat rlmstat" -l avail
complete -c licutil -n "__fish_seen_subcommand_from stat lmstat rlmstat" -l format -x -a 'lmstat rlmstat table'
complete -c licutil -n "__fish_seen_subcommand_from stat lmstat rlmstat" -l from -x -a 'lmstat rlmstat'
complete -c licutil -n "__fish_seen_subcommand_from stat lmstat rlmstat" -l tz
complete -c licutil -n "__fish_seen_subcommand_from stat lmstat rlmstat" -l pub -r -F
complete -c licutil -n "__fish_seen_subcommand_from stat lmstat rlmstat" -l timeout
complete -c licutil -n "__fish_seen_subcommand_from stat lmstat rlmstat" -l lmutil -r -F
complete -c licutil -n "__fish_seen_subcommand_from stat lmstat rlmstat" -l rlmutil -r -F
# lmdiag
complete -c licutil -n "__fish_seen_subcommand_from lmdiag" -s n
complete -c licutil -n "__fish_seen_subcommand_from lmdiag" -l no-checkout
complete -c licutil -n "__fish_seen_subcommand_from lmdiag" -l pub -r -F
complete -c licutil -n "__fish_seen_subcommand_from lmdiag" -l password
complete -c licutil -n "__fish_seen_subcommand_from lmdiag" -l timeout
complete -c licutil -n "__fish_seen_subcommand_from lmdiag" -l lmutil -r -F
complete -c licutil -n "__fish_seen_subcommand_from lmdiag" -l rlmutil -r -F
# hostid
complete -c licutil -n "__fish_seen_subcommand_from hostid lmhostid rlmhostid" -s n
complete -c licutil -n "__fish_seen_subcommand_from hostid lmhostid rlmhostid" -a 'all ether host ip user 32'
# checkout
complete -c licutil -n "__fish_seen_subcommand_from checkout" -s n
complete -c licutil -n "__fish_seen_subcommand_from checkout" -l count
complete -c licutil -n "__fish_seen_subcommand_from checkout" -l wait
complete -c licutil -n "__fish_seen_subcommand_from checkout" -l lease
complete -c licutil -n "__fish_seen_subcommand_from checkout" -l tag
complete -c licutil -n "__fish_seen_subcommand_from checkout" -l password
complete -c licutil -n "__fish_seen_subcommand_from checkout" -l timeout
complete -c licutil -n "__fish_seen_subcommand_from checkout" -l on-lost -x -a 'warn kill'
complete -c licutil -n "__fish_seen_subcommand_from checkout" -l detach
# checkin
complete -c licutil -n "__fish_seen_subcommand_from checkin" -l timeout
# heartbeat
complete -c licutil -n "__fish_seen_subcommand_from heartbeat" -l timeout
# reread
complete -c licutil -n "__fish_seen_subcommand_from reread lmreread rlmreread" -l timeout
complete -c licutil -n "__fish_seen_subcommand_from reread lmreread rlmreread" -l admin-token-file -r -F
complete -c licutil -n "__fish_seen_subcommand_from reread lmreread rlmreread" -l allow-plain-token
# remove
complete -c licutil -n "__fish_seen_subcommand_from remove lmremove rlmremove" -l timeout
complete -c licutil -n "__fish_seen_subcommand_from remove lmremove rlmremove" -l admin-token-file -r -F
complete -c licutil -n "__fish_seen_subcommand_from remove lmremove rlmremove" -l allow-plain-token
# down
complete -c licutil -n "__fish_seen_subcommand_from down lmdown rlmdown" -l timeout
complete -c licutil -n "__fish_seen_subcommand_from down lmdown rlmdown" -l admin-token-file -r -F
complete -c licutil -n "__fish_seen_subcommand_from down lmdown rlmdown" -l allow-plain-token
complete -c licutil -n "__fish_seen_subcommand_from down lmdown rlmdown" -l force
# sign
complete -c licutil -n "__fish_seen_subcommand_from sign rlmsign" -l key -r -F
complete -c licutil -n "__fish_seen_subcommand_from sign rlmsign" -l verify
complete -c licutil -n "__fish_seen_subcommand_from sign rlmsign" -l pub -r -F
complete -c licutil -n "__fish_seen_subcommand_from sign rlmsign" -l out -r -F
complete -c licutil -n "__fish_seen_subcommand_from sign rlmsign" -s o
complete -c licutil -n "__fish_seen_subcommand_from sign rlmsign" -l dry-run
complete -c licutil -n "__fish_seen_subcommand_from sign rlmsign" -s n
complete -c licutil -n "__fish_seen_subcommand_from sign rlmsign" -l force
complete -c licutil -n "__fish_seen_subcommand_from sign rlmsign" -s f
complete -c licutil -n "__fish_seen_subcommand_from sign rlmsign" -a keygen -d 'make a key pair'
complete -c licutil -n "__fish_seen_subcommand_from sign rlmsign" -F
# serve
complete -c licutil -n "__fish_seen_subcommand_from serve" -l port
complete -c licutil -n "__fish_seen_subcommand_from serve" -l bind
complete -c licutil -n "__fish_seen_subcommand_from serve" -l state-dir -r -F
complete -c licutil -n "__fish_seen_subcommand_from serve" -l pub -r -F
complete -c licutil -n "__fish_seen_subcommand_from serve" -l keys -r -F
complete -c licutil -n "__fish_seen_subcommand_from serve" -l require-signatures
complete -c licutil -n "__fish_seen_subcommand_from serve" -l admin-token-file -r -F
complete -c licutil -n "__fish_seen_subcommand_from serve" -l no-loopback-admin
complete -c licutil -n "__fish_seen_subcommand_from serve" -l tls-cert -r -F
complete -c licutil -n "__fish_seen_subcommand_from serve" -l tls-key -r -F
complete -c licutil -n "__fish_seen_subcommand_from serve" -l lease-max
complete -c licutil -n "__fish_seen_subcommand_from serve" -l lease-default
complete -c licutil -n "__fish_seen_subcommand_from serve" -l no-journal
complete -c licutil -n "__fish_seen_subcommand_from serve" -s v
complete -c licutil -n "__fish_seen_subcommand_from serve" -l verbose
complete -c licutil -n "__fish_seen_subcommand_from serve" -l config -r -F
complete -c licutil -n "__fish_seen_subcommand_from serve" -l check-config -r -F
complete -c licutil -n "__fish_seen_subcommand_from serve" -l monitor
complete -c licutil -n "__fish_seen_subcommand_from serve" -l no-web
complete -c licutil -n "__fish_seen_subcommand_from serve" -l allow-host -r
complete -c licutil -n "__fish_seen_subcommand_from serve" -l remote-origin -r
complete -c licutil -n "__fish_seen_subcommand_from serve" -l store -r
complete -c licutil -n "__fish_seen_subcommand_from serve" -l init
complete -c licutil -n "__fish_seen_subcommand_from serve" -F
# explain
complete -c licutil -n "__fish_seen_subcommand_from explain" -l rlm
complete -c licutil -n "__fish_seen_subcommand_from explain" -l flexlm
# report
complete -c licutil -n "__fish_seen_subcommand_from report" -l since -r
complete -c licutil -n "__fish_seen_subcommand_from report" -l until -r
complete -c licutil -n "__fish_seen_subcommand_from report" -s f -l feature -r
complete -c licutil -n "__fish_seen_subcommand_from report" -l by -x -a "feature user host day hour"
complete -c licutil -n "__fish_seen_subcommand_from report" -l csv
complete -c licutil -n "__fish_seen_subcommand_from report" -l html -r -F
complete -c licutil -n "__fish_seen_subcommand_from report" -l format -x -a "auto licutil flexnet rlm"
complete -c licutil -n "__fish_seen_subcommand_from report" -l tz -r
complete -c licutil -n "__fish_seen_subcommand_from report" -F
