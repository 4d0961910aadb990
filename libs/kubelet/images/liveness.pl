# k8s.gcr.io/liveness, registry.k8s.io/liveness and `agnhost liveness`
# (kubernetes/test/images/agnhost/liveness/server.go): /healthz is 200 "ok" for the first 10 s,
# then 500 "error: <seconds since start>".
use strict;
BEGIN { unshift @INC, __FILE__ =~ m{\A(.*)/}s ? $1 : '.' }    # KubesimHttpd.pm is beside this file
use KubesimHttpd qw(bind_host crash env_number js_num_str listen_or_die mono_ns param parse_url run);

my $started = mono_ns();
# 10 s as in the original; KUBESIM_LIVENESS_HEALTHY_SECONDS shortens it (for tests).
my $HEALTHY_SECONDS = env_number('KUBESIM_LIVENESS_HEALTHY_SECONDS', 10);
sub since_start { (mono_ns() - $started) / 1e9 }

# Go's time.Duration.String() for a duration in seconds.
sub go_duration {
  my ($seconds) = @_;
  return js_num_str(0 + sprintf('%.6f', $seconds * 1000)) . 'ms' if $seconds < 1;
  my $m = int($seconds / 60);
  my $s = js_num_str(0 + sprintf('%.9f', $seconds - $m * 60));
  return $m > 0 ? "${m}m${s}s" : "${s}s";
}

my $server = KubesimHttpd->new_server(
  handler => sub {
    my ($req, $res) = @_;
    my $url = parse_url($req->{url}, 'http://localhost') // crash('TypeError: Invalid URL');
    my $path = $url->{pathname};
    if ($path eq '/started') {
      $res->write_head(200);
      $res->end(go_duration(since_start()));
    } elsif ($path eq '/healthz') {
      my $duration = since_start();
      if ($duration > $HEALTHY_SECONDS) {
        $res->write_head(500);
        $res->end('error: ' . js_num_str($duration));
      } else {
        $res->write_head(200);
        $res->end('ok');
      }
    } elsif ($path eq '/redirect') {
      my $loc = param($url->{search}, 'loc');
      $loc = '' unless defined $loc;
      # The Location header is written as latin1 (Node throws on characters above U+00FF); the body as UTF-8.
      $res->write_head(302, Location => $loc, 'Content-Type' => 'text/html; charset=utf-8');
      my $body = qq{<a href="$loc">Found</a>.\n\n};
      utf8::encode($body);
      $res->end($body);
    } else {
      $res->write_head(404, 'Content-Type' => 'text/plain; charset=utf-8');
      $res->end("404 page not found\n");
    }
  },
);
$server->listen_or_die(env_number('LIVENESS_PORT', 8080), bind_host());
run();
