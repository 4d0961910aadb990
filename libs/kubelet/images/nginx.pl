# nginx (docker.io/library/nginx, any tag): prints the official image's docker-entrypoint.sh
# lines and nginx's notices, serves the welcome page, writes an access log line per request and
# exits 0 on SIGQUIT (the image's STOPSIGNAL: graceful shutdown) or SIGTERM (fast shutdown).
# The port is 80 unless NGINX_PORT (or KUBESIM_NGINX_PORT) says otherwise.
use strict;
BEGIN { unshift @INC, __FILE__ =~ m{\A(.*)/}s ? $1 : '.' }    # KubesimHttpd.pm is beside this file
use KubesimHttpd qw(bind_host env_number latin1_to_utf8 listen_or_die month_name on_signal os_release out run);

my @internal = grep { /\A--kubesim-/ } @ARGV;
my ($tag_arg) = map { substr($_, length '--kubesim-tag=') } grep { /\A--kubesim-tag=/ } @internal;
$tag_arg //= '';
my $VERSION = defined $ENV{NGINX_VERSION} && $ENV{NGINX_VERSION} ne '' ? $ENV{NGINX_VERSION}
  : $tag_arg =~ /\A(\d+\.\d+\.\d+)/ ? $1 : '1.27.4';
# Invoked as `nginx ...` (the container's command replaced the entrypoint): no entrypoint lines.
my $via_entrypoint = !grep { $_ eq '--kubesim-no-entrypoint' } @internal;
my $port = env_number('KUBESIM_NGINX_PORT', 'NGINX_PORT', 80);

sub err { print STDERR @_, "\n" }
sub pad { sprintf '%02d', $_[0] }

sub err_time {
  my @t = gmtime();
  return sprintf('%04d/%02d/%02d %02d:%02d:%02d', $t[5] + 1900, $t[4] + 1, $t[3], $t[2], $t[1], $t[0]);
}

sub access_time {
  my @t = gmtime();
  return sprintf('%02d/%s/%04d:%02d:%02d:%02d +0000', $t[3], month_name($t[4]), $t[5] + 1900, $t[2], $t[1], $t[0]);
}
my $MASTER = 1;
my $WORKER = 29;
sub notice { my ($pid, $msg) = @_; err(err_time() . " [notice] $pid#$pid: $msg") }

# argv: nginx -g "daemon off;" (the image CMD). Anything but `nginx...` is exec'd by the real
# entrypoint; the kubelet maps such commands to host tools before we get here.
my @args = grep { !/\A--kubesim-/ } @ARGV;
if (@args && $args[0] !~ /nginx(?:-debug)?\z/) {
  # docker-entrypoint.sh only configures nginx; any other command is exec'd as is, with every
  # signal's default action (as Node's spawn gives its children).
  $SIG{$_} = 'DEFAULT' for grep { exists $SIG{$_} } qw(HUP INT QUIT ILL TRAP ABRT BUS FPE USR1 SEGV USR2 PIPE ALRM TERM
    STKFLT CHLD CONT TSTP TTIN TTOU URG XCPU XFSZ VTALRM PROF WINCH IO PWR SYS);
  exec { $args[0] } @args;
  my $code = $! == KubesimHttpd::EACCES() ? 126 : 127;
  err("/docker-entrypoint.sh: line 47: exec: $args[0]: not found");
  exit $code;
}

if ($via_entrypoint && !(defined $ENV{NGINX_ENTRYPOINT_QUIET_LOGS} && $ENV{NGINX_ENTRYPOINT_QUIET_LOGS} ne '')) {
  out('/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration');
  out('/docker-entrypoint.sh: Looking for shell scripts in /docker-entrypoint.d/');
  out('/docker-entrypoint.sh: Launching /docker-entrypoint.d/10-listen-on-ipv6-by-default.sh');
  out('10-listen-on-ipv6-by-default.sh: info: Getting the checksum of /etc/nginx/conf.d/default.conf');
  out('10-listen-on-ipv6-by-default.sh: info: Enabled listen on IPv6 in /etc/nginx/conf.d/default.conf');
  out('/docker-entrypoint.sh: Sourcing /docker-entrypoint.d/15-local-resolvers.envsh');
  out('/docker-entrypoint.sh: Launching /docker-entrypoint.d/20-envsubst-on-templates.sh');
  out('/docker-entrypoint.sh: Launching /docker-entrypoint.d/30-tune-worker-processes.sh');
  out('/docker-entrypoint.sh: Configuration complete; ready for start up');
}

my $WELCOME = <<'HTML';
<!DOCTYPE html>
<html>
<head>
<title>Welcome to nginx!</title>
<style>
html { color-scheme: light dark; }
body { width: 35em; margin: 0 auto;
font-family: Tahoma, Verdana, Arial, sans-serif; }
</style>
</head>
<body>
<h1>Welcome to nginx!</h1>
<p>If you see this page, the nginx web server is successfully installed and
working. Further configuration is required.</p>

<p>For online documentation and support please refer to
<a href="http://nginx.org/">nginx.org</a>.<br/>
Commercial support is available at
<a href="http://nginx.com/">nginx.com</a>.</p>

<p><em>Thank you for using nginx.</em></p>
</body>
</html>
HTML

my $NOT_FOUND = <<"HTML";
<html>
<head><title>404 Not Found</title></head>
<body>
<center><h1>404 Not Found</h1></center>
<hr><center>nginx/$VERSION</center>
</body>
</html>
HTML
utf8::encode($NOT_FOUND) if utf8::is_utf8($NOT_FOUND);

my $server = KubesimHttpd->new_server(
  handler => sub {
    my ($req, $res) = @_;
    my ($path) = split /\?/, $req->{url}, 2;
    $path //= '';
    my ($status, $body) = (200, $WELCOME);
    if ($path ne '/' && $path ne '/index.html') { ($status, $body) = (404, $NOT_FOUND) }
    my @headers = (Server => "nginx/$VERSION", 'Content-Type' => 'text/html', 'Content-Length' => length $body);
    push @headers, 'Last-Modified' => 'Wed, 05 Feb 2025 11:06:32 GMT' if $status == 200;
    $res->write_head($status, @headers);
    $res->end($req->{method} eq 'HEAD' ? undef : $body);
    my $h   = $req->{headers}{map};
    my $or  = sub { defined $_[0] && $_[0] ne '' ? $_[0] : '-' };
    my $ua  = $or->($h->{'user-agent'});
    my $ref = $or->($h->{referer});
    my $xff = $or->($h->{'x-forwarded-for'});
    out(latin1_to_utf8(qq{$req->{remote_address} - - [} . access_time()
        . qq{] "$req->{method} $req->{url} HTTP/$req->{version}" $status } . length($body) . qq{ "$ref" "$ua" "$xff"}));
  },
);

$server->listen_or_die($port, bind_host(), sub {
  notice($MASTER, 'using the "epoll" event method');
  notice($MASTER, "nginx/$VERSION");
  notice($MASTER, 'built by gcc 12.2.0 (Debian 12.2.0-14) ');
  notice($MASTER, 'OS: Linux ' . os_release());
  notice($MASTER, 'getrlimit(RLIMIT_NOFILE): 1048576:1048576');
  notice($MASTER, 'start worker processes');
  notice($MASTER, "start worker process $WORKER");
});

sub shutdown_nginx {
  my ($graceful) = @_;
  if ($graceful) {
    notice($MASTER, 'signal 3 (SIGQUIT) received, shutting down');
    notice($WORKER, 'gracefully shutting down');
  } else {
    notice($MASTER, 'signal 15 (SIGTERM) received, exiting');
  }
  notice($WORKER, 'exiting');
  notice($WORKER, 'exit');
  notice($MASTER, "signal 17 (SIGCHLD) received from $WORKER");
  notice($MASTER, "worker process $WORKER exited with code 0");
  notice($MASTER, 'exit');
  $server->close_server;
  $server->close_all_connections;
  exit 0;
}
# process.once: a second signal of the same kind gets the default action.
on_signal(QUIT => sub { shutdown_nginx(1) }, 1);
on_signal(TERM => sub { shutdown_nginx(0) }, 1);
on_signal(INT  => sub { shutdown_nginx(0) }, 1);
run();
