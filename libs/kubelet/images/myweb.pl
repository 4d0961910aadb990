# ghcr.io/c1t1d0s7/go-myweb and c1t1d0s7/myweb: a small web server with a controllable health check.
#   GET /health            -> 200 "OK"
#   GET /health?code=503   -> 503 (any 100-599)
#   GET /                  -> "Hello World" and the hostname
use strict;
BEGIN { unshift @INC, __FILE__ =~ m{\A(.*)/}s ? $1 : '.' }    # KubesimHttpd.pm is beside this file
use KubesimHttpd qw(bind_host crash env_number hostname is_js_integer iso_time js_num_str js_number listen_or_die out
  param parse_url peer_address run status_text);

my $port = env_number('MYWEB_PORT', 'PORT', 8080);
my $TEXT = 'text/plain; charset=utf-8';

my $server = KubesimHttpd->new_server(
  handler => sub {
    my ($req, $res) = @_;
    my $url = parse_url($req->{url}, 'http://localhost') // crash('TypeError: Invalid URL');
    (my $now = iso_time()) =~ s/T/ /;
    $now =~ s/\.\d+Z\z//;
    out("$now " . peer_address($req->{remote_address}) . " $req->{method} $url->{pathname}$url->{search}");
    if ($url->{pathname} eq '/health' || $url->{pathname} eq '/healthz') {
      my $c    = param($url->{search}, 'code');
      my $code = defined $c && $c ne '' ? js_number($c) : 200;
      my $status = is_js_integer($code) && $code >= 100 && $code <= 599 ? $code : 400;
      $res->write_head($status, 'Content-Type' => $TEXT);
      $res->end($status == 200 ? "OK\n" : (status_text($status) // 'Status') . ' ' . js_num_str($status) . "\n");
      return;
    }
    $res->write_head(200, 'Content-Type' => $TEXT);
    $res->end("Hello World\nHostname: " . hostname() . "\n");
  },
);
$server->listen_or_die($port, bind_host(), sub { out('Starting web server on port ' . js_num_str($port)) });
run();
