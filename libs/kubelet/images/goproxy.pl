# registry.k8s.io/goproxy:0.1 – an HTTP proxy on port 8080 (plain requests with absolute URLs
# and CONNECT tunnels), used in examples as a TCP liveness/readiness target.
use strict;
BEGIN { unshift @INC, __FILE__ =~ m{\A(.*)/}s ? $1 : '.' }    # KubesimHttpd.pm is beside this file
use KubesimHttpd qw(bind_host crash env_number is_js_integer js_num_str js_number listen_or_die parse_url run
  tcp_connect uv_error);

my $port = env_number('GOPROXY_PORT', 8080);
my $HWM  = 16384;    # a stream's highWaterMark: pipe() pauses the source above it

# src.pipe(dst) for two streams, both ways at once: data, backpressure, end → end (FIN).
sub pipe_streams {
  my ($src, $dst, $on_error) = @_;
  $src->{on_data} = sub {
    $dst->write($_[0]);
    if ($dst->buffered > $HWM) {
      $src->pause;
      $dst->{on_drain} = sub { delete $dst->{on_drain}; $src->resume };
    }
  };
  $src->{on_end}   = sub { $dst->end };
  $src->{on_error} = $on_error;
}

sub tunnel {
  my ($req, $socket, $head) = @_;
  my ($host, $p) = split /:/, $req->{url}, -1;
  $host //= '';
  my $cport = js_number(defined $p && $p ne '' ? $p : 443);
  crash('RangeError [ERR_SOCKET_BAD_PORT]: Port should be >= 0 and < 65536. Received type number ('
      . js_num_str($cport) . ').')
    unless is_js_integer($cport) && $cport >= 0 && $cport <= 65535;
  $socket->pause;    # what the client sends meanwhile waits in the socket
  my $up;
  # Either side's error destroys both; each socket closes by itself once both its directions ended.
  my $close = sub {
    $up->destroy if $up;
    $socket->destroy;
  };
  $socket->{on_error} = $close;
  tcp_connect($host, $cport, sub {
    my ($e, $fh) = @_;
    return $close->() if $e;
    return close $fh if $socket->{dead};
    $up = KubesimHttpd::Stream->new($fh);
    $socket->write("HTTP/1.0 200 OK\r\n\r\n");
    $up->write($head) if length $head;
    pipe_streams($up, $socket, $close);
    pipe_streams($socket, $up, $close);
    # A net.connect socket does not stay half-open: the peer's FIN ends its side too.
    my $up_end = $up->{on_end};
    $up->{on_end} = sub { $up_end->(); $up->end };
    $socket->resume;
  });
}

# The upstream's response head: [status, { map, order }] or an error message.
sub parse_head {
  my ($head) = @_;
  my @lines = split /\r?\n/, $head;
  my $status_line = shift(@lines) // '';
  return 'Parse Error: Expected HTTP/, RTSP/ or ICE/' unless $status_line =~ m{\AHTTP/\d\.\d (\d{3})(?: [^\r\n]*)?\z};
  my $status = $1 + 0;
  my $h = { map => {}, order => [] };
  for my $l (@lines) {
    return 'Parse Error: Invalid header token' unless $l =~ /\A([!#\$%&'*+\-.^_`|~0-9A-Za-z]+):[ \t]*(.*?)[ \t]*\z/;
    KubesimHttpd::add_header_line($h, $1, $2);
  }
  return [$status, $h];
}

sub proxy {
  my ($req, $res) = @_;
  my $target = parse_url($req->{url});
  unless ($target) {
    $res->write_head(500);
    $res->end("This is a proxy server. Does not respond to non-proxy requests.\n");
    return;
  }
  crash(qq{TypeError [ERR_INVALID_PROTOCOL]: Protocol "$target->{protocol}" not supported. Expected "http:"})
    unless $target->{protocol} eq 'http:';
  (my $hostname = $target->{hostname}) =~ s/\A\[(.*)\]\z/$1/s;
  my $tport = $target->{port} eq '' ? 80 : $target->{port};

  # http.request(target, { method, headers: { ...req.headers, host: target.host } }).
  my $h = $req->{headers};
  my (%present, $out);
  $out = "$req->{method} $target->{pathname}$target->{search} HTTP/1.1\r\n";
  for my $k (@{ $h->{order} }) {
    my $v = $k eq 'host' ? $target->{host} : $h->{map}{$k};
    $out .= "$k: $_\r\n" for ref $v ? @$v : ($v);
    $present{$k} = 1;
  }
  $out .= "host: $target->{host}\r\n" unless $present{host};
  $out .= "Connection: keep-alive\r\n" unless $present{connection};
  my $chunked = 0;
  if ($present{'content-length'}) { }
  elsif ($present{'transfer-encoding'}) { $chunked = $h->{map}{'transfer-encoding'} =~ /(?:^|\W)chunked(?:$|\W)/i }
  elsif ($req->{method} !~ /\A(?:GET|HEAD|DELETE|OPTIONS|TRACE|CONNECT)\z/) { $out .= "Content-Length: 0\r\n" }
  $out .= "\r\n";

  my ($up, $done, $buf, $state, $framing, $remain) = (undef, 0, '', 'head', '', 0);
  my $send = sub { $up ? $up->write($_[0]) : ($out .= $_[0]) };
  $req->{on_data} = sub { $send->($chunked ? sprintf("%x\r\n", length $_[0]) . $_[0] . "\r\n" : $_[0]) };
  $req->{on_end}  = sub { $send->("0\r\n\r\n") if $chunked };
  $res->{on_abort} = sub { $done = 1; $up->destroy if $up };

  # The request's 'error' event: a 502 with the message, but once the response head is written,
  # Node's res.writeHead(502) throws and the proxy dies.
  my $fail = sub {
    my ($msg) = @_;
    return if $done++;
    $up->destroy if $up;
    crash('Error [ERR_HTTP_HEADERS_SENT]: Cannot write headers after they are sent to the client')
      if defined $res->{header};
    $res->write_head(502);
    $res->end("$msg\n");
  };
  # What one upstream read produces reaches the client after the whole read is parsed: a parse
  # error in it kills the proxy before anything is written (Node pipes on a later tick).
  my @pending;
  my $flush = sub { for (splice @pending) { my ($m, @a) = @$_; $res->$m(@a) } };
  my $finish = sub {
    return if $done;
    push @pending, ['end'];
    # Bytes after the response that do not start another one are a parse error on the request.
    return $fail->('Parse Error: Expected HTTP/, RTSP/ or ICE/') if $buf ne '' && index('HTTP/', substr($buf, 0, 5)) != 0;
    $done = 1;
    $up->destroy if $up;
  };
  my $parse;
  my $on_data = sub {
    $buf .= $_[0];
    $parse->();
    $flush->();
  };
  $parse = sub {
    for (;;) {
      return if $done;
      if ($state eq 'head') {
        return $fail->('Parse Error: Expected HTTP/, RTSP/ or ICE/') if index('HTTP/', substr($buf, 0, 5)) != 0;
        $buf =~ /\r?\n\r?\n/ or return length $buf > 81920 ? $fail->('Parse Error: Header overflow') : undef;
        my $head = substr($buf, 0, $+[0], '');
        my $r = parse_head($head);
        return $fail->($r) unless ref $r;
        my ($status, $hh) = @$r;
        next if $status >= 100 && $status < 200 && $status != 101;    # 'information': the final response follows
        my $te = $hh->{map}{'transfer-encoding'};
        my $cl = $hh->{map}{'content-length'};
        if ($req->{method} eq 'HEAD' || $status == 204 || $status == 304 || $status < 200) { $framing = 'none' }
        elsif (defined $te && $te =~ /(?:^|,)[ \t]*chunked[ \t]*\z/i) { $framing = 'chunked'; $state = 'size' }
        elsif (defined $cl && $cl =~ /\A\d+\z/) { $framing = 'cl'; $remain = $cl + 0 }
        else { $framing = 'eof' }
        $res->write_head($status, map { ($_ => $hh->{map}{$_}) } @{ $hh->{order} });
        $state = 'body' unless $framing eq 'chunked';
        return $finish->() if $framing eq 'none' || ($framing eq 'cl' && $remain == 0);
      } elsif ($framing eq 'cl') {
        my $n = length $buf < $remain ? length $buf : $remain;
        push @pending, ['write', substr($buf, 0, $n, '')] if $n;
        $remain -= $n;
        return $remain == 0 ? $finish->() : undef;
      } elsif ($framing eq 'eof') {
        push @pending, ['write', $buf] if length $buf;
        $buf = '';
        return;
      } elsif ($state eq 'size') {
        unless ($buf =~ /\A([0-9A-Fa-f]+)(?:;[^\r\n]*)?\r?\n/) {
          return if $buf =~ /\A[0-9A-Fa-f]*(?:;[^\r\n]*)?\r?\z/;
          return $fail->('Parse Error: Invalid character in chunk size');
        }
        my $size = hex $1;
        substr($buf, 0, $+[0], '');
        ($state, $remain) = $size ? ('data', $size) : ('trailers', 0);
      } elsif ($state eq 'data') {
        return if $buf eq '';
        my $n = length $buf < $remain ? length $buf : $remain;
        push @pending, ['write', substr($buf, 0, $n, '')];
        $remain -= $n;
        $state = 'crlf' if $remain == 0;
      } elsif ($state eq 'crlf') {
        return if $buf eq '' || $buf eq "\r";
        $buf =~ s/\A\r?\n// or return $fail->('Parse Error: Expected LF after chunk data');
        $state = 'size';
      } else {    # trailers
        $buf =~ s/\A([^\r\n]*)\r?\n// or return;
        return $finish->() if $1 eq '';
      }
    }
  };

  tcp_connect($hostname, $tport, sub {
    my ($e, $fh) = @_;
    return close $fh if $done && $fh;
    return $fail->($e) if $e;
    $up = KubesimHttpd::Stream->new(
      $fh,
      on_data  => $on_data,
      on_end   => sub {
        return $fail->('socket hang up') if $state eq 'head';
        if ($framing eq 'eof') { $finish->(); return $flush->() }
        $done = 1;
        $up->destroy;
      },
      on_error => sub { my ($code) = uv_error($_[0]); $fail->("read $code") },
    );
    $up->write($out);
  });
}

my $server = KubesimHttpd->new_server(handler => \&proxy, connect => \&tunnel);
$server->listen_or_die($port, bind_host());
run();
