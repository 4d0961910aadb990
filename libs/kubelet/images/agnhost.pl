# registry.k8s.io/e2e-test-images/agnhost: a multi-command test image. Supported sub-commands:
# liveness, pause, netexec (the common subset). Anything else fails like the real binary does
# with an unknown command.
use strict;
BEGIN { unshift @INC, __FILE__ =~ m{\A(.*)/}s ? $1 : '.' }    # KubesimHttpd.pm is beside this file
use KubesimHttpd qw(after bind_host crash on_signal hostname is_js_integer iso_time js_num_str js_number listen_or_die out param
  parse_url run);

my ($cmd, @rest) = @ARGV;

sub flag {
  my ($name, $def) = @_;
  for my $i (0 .. $#rest) {
    my $a = $rest[$i];
    return $rest[$i + 1] if $a eq "--$name" && $i + 1 < @rest;
    return substr($a, length($name) + 3) if index($a, "--$name=") == 0;
  }
  return $def;
}

# process.exit(code): an integer (mod 256), else Node's RangeError and exit 1.
sub node_exit {
  my ($code) = @_;
  my $max = 9007199254740991;
  if (!is_js_integer($code)) {
    my $s = $code == 0 && 1 / $code < 0 ? '-0' : js_num_str($code);
    crash(qq{RangeError [ERR_OUT_OF_RANGE]: The value of "code" is out of range. It must be an integer. Received $s});
  }
  if ($code > $max || $code < -$max) {
    my $s = js_num_str($code);
    my $start = $s =~ /\A-/ ? 1 : 0;
    my ($i, $r) = (length $s, '');
    for (; $i >= $start + 4; $i -= 3) { $r = '_' . substr($s, $i - 3, 3) . $r }
    $s = substr($s, 0, $i) . $r;
    crash(qq{RangeError [ERR_OUT_OF_RANGE]: The value of "code" is out of range. It must be >= -$max && <= $max. Received $s});
  }
  KubesimHttpd::_exit($code % 256);
}

if (defined $cmd && $cmd eq 'liveness') {
  my $dir = __FILE__ =~ m{\A(.*)/}s ? $1 : '.';
  do "$dir/liveness.pl";
  die $@ if $@;
  exit 0;
} elsif (defined $cmd && $cmd eq 'pause') {
  my $stop = sub { out("Shutting down, got signal: $_[0]"); exit 0 };
  $SIG{INT}  = sub { $stop->('Interrupt') };
  $SIG{TERM} = sub { $stop->('Terminated') };
  out('Paused');
  select(undef, undef, undef, 1 << 30) while 1;
} elsif (defined $cmd && $cmd eq 'netexec') {
  my $port = js_number(flag('http-port', '8080'));
  on_signal(TERM => sub { exit 0 });
  my $server = KubesimHttpd->new_server(
    handler => sub {
      my ($req, $res) = @_;
      my $url  = parse_url($req->{url}, 'http://localhost') // crash('TypeError: Invalid URL');
      my $path = $url->{pathname};
      if ($path eq '/' || $path eq '/echo') {
        my $msg = param($url->{search}, 'msg');
        $msg = $path eq '/' ? 'NOW: ' . iso_time() : '' unless defined $msg;
        utf8::encode($msg);
        $res->end($msg);
      } elsif ($path eq '/hostname') {
        $res->end(hostname());
      } elsif ($path eq '/clientip') {
        $res->end("$req->{remote_address}:$req->{remote_port}");
      } elsif ($path eq '/healthz') {
        $res->end('ok');
      } elsif ($path eq '/exit') {
        my $c = param($url->{search}, 'code');
        my $code = defined $c && $c ne '' ? js_number($c) : 0;
        $res->end;
        after(0, sub { node_exit($code) });
      } else {
        $res->write_head(404);
        $res->end("404 page not found\n");
      }
    },
  );
  $server->listen_or_die($port, bind_host(), sub { out('Started HTTP server on port ' . js_num_str($port)) });
  run();
} else {
  print STDERR 'Error: unknown command "' . ($cmd // '') . qq{" for "agnhost"\nRun 'agnhost --help' for usage.\n};
  exit 1;
}
