# luksa/kubia-unhealthy: from the sixth request on it answers 500. Like the original running as
# PID 1 without a signal handler, it ignores SIGTERM, so it only dies by SIGKILL.
BEGIN { $SIG{TERM} = sub { } }    # before anything else: a SIGTERM while starting must not kill it
use strict;
BEGIN { unshift @INC, __FILE__ =~ m{\A(.*)/}s ? $1 : '.' }    # KubesimHttpd.pm is beside this file
use KubesimHttpd qw(bind_host env_number hostname listen_or_die out peer_address run);

out('Kubia server starting...');

my $request_count = 0;
my $www = KubesimHttpd->new_server(
  handler => sub {
    my ($request, $response) = @_;
    out('Received request from ' . peer_address($request->{remote_address}));
    $request_count++;
    if ($request_count > 5) {
      $response->write_head(500);
      $response->end("I'm not well. Please restart me!");
      return;
    }
    $response->write_head(200);
    $response->end("You've hit " . hostname() . "\n");
  },
);
$www->listen_or_die(env_number('KUBIA_PORT', 8080), bind_host());
run();
