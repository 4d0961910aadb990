# luksa/kubia: the "Kubernetes in Action" app.js. Answers every request with the hostname.
# The tags used in the book's Deployment chapter behave like theirs: v1/v2/v4 answer
# "This is vN running in pod <hostname>", v3 fails with 500 from the fifth request on.
use strict;
BEGIN { unshift @INC, __FILE__ =~ m{\A(.*)/}s ? $1 : '.' }    # KubesimHttpd.pm is beside this file
use KubesimHttpd qw(bind_host env_number hostname listen_or_die out peer_address run);

my ($tag_arg) = grep { /\A--kubesim-tag=/ } @ARGV;
my $tag = defined $tag_arg ? substr($tag_arg, length '--kubesim-tag=') : 'latest';

out('Kubia server starting...');

my $request_count = 0;
my $www = KubesimHttpd->new_server(
  handler => sub {
    my ($request, $response) = @_;
    out('Received request from ' . peer_address($request->{remote_address}));
    if ($tag eq 'v3' && ++$request_count >= 5) {
      $response->write_head(500);
      $response->end('Some internal error has occurred! This is pod ' . hostname() . "\n");
      return;
    }
    $response->write_head(200);
    if ($tag =~ /\Av[0-9]+\z/) { $response->end("This is $tag running in pod " . hostname() . "\n") }
    else { $response->end("You've hit " . hostname() . "\n") }
  },
);
$www->listen_or_die(env_number('KUBIA_PORT', 8080), bind_host());
run();
