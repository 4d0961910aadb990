package KubesimHttpd;

# Outgoing connections (goproxy): dns.lookup without blocking the event loop, net.connect.
# Part of KubesimHttpd (see KubesimHttpd.pm), compiled only by the images that use it.

use strict;

BEGIN { require KubesimHttpd }    # the constants

# getaddrinfo(3) for a name (the part of _lookup_sync that needs Socket).
sub _getaddrinfo {
  my ($host) = @_;
  require Socket;
  my ($e, @res) = Socket::getaddrinfo($host, undef, { socktype => SOCK_STREAM });
  if ($e) {
    my $n = $e + 0;
    my $code = ($n == Socket::EAI_NONAME() || (eval { $n == Socket::EAI_NODATA() })) ? 'ENOTFOUND'
      : $n == Socket::EAI_AGAIN() ? 'EAI_AGAIN' : 'ENOTFOUND';
    return ($code);
  }
  my @out;
  for my $r (@res) {
    if ($r->{family} == AF_INET) { my (undef, $a) = Socket::unpack_sockaddr_in($r->{addr}); push @out, [AF_INET, $a] }
    elsif ($r->{family} == AF_INET6) { my (undef, $a) = Socket::unpack_sockaddr_in6($r->{addr}); push @out, [AF_INET6, $a] }
  }
  return ('ENOTFOUND') unless @out;
  return (undef, @out);
}

# dns.lookup off the event loop: a literal at once, a name in a forked child (getaddrinfo blocks).
sub _lookup {
  my ($host, $cb) = @_;
  if (_pton4($host) || _pton6($host) || $host eq '') {
    my @r = _lookup_sync($host);
    after(0, sub { $cb->(@r) });
    return;
  }
  pipe(my $r, my $w) or do { my @res = _lookup_sync($host); after(0, sub { $cb->(@res) }); return };
  my $pid = fork();
  if (!defined $pid) { close $r; close $w; my @res = _lookup_sync($host); after(0, sub { $cb->(@res) }); return }
  if ($pid == 0) {
    close $r;
    my ($e, @addrs) = _lookup_sync($host);
    my $msg = defined $e ? "E $e\n" : join('', map { "A $_->[0] " . unpack('H*', $_->[1]) . "\n" } @addrs);
    syswrite($w, $msg);
    _exit(0);
  }
  close $w;
  _nonblock($r);
  my $buf = '';
  on_readable($r, sub {
    my $n = sysread($r, $buf, 4096, length $buf);
    return if !defined $n && ($! == EAGAIN || $! == EINTR);
    on_readable($r, undef);
    close $r;
    waitpid($pid, 0);
    return $cb->($1) if $buf =~ /\AE (\S+)/;
    my @addrs = map { /\AA (\d+) ([0-9a-f]+)\z/ ? [$1 + 0, pack('H*', $2)] : () } split /\n/, $buf;
    return $cb->('ENOTFOUND') unless @addrs;
    $cb->(undef, @addrs);
  });
}

# net.connect(port, host): calls $cb->(undef, $stream_fh, $local) once connected, or $cb->($message) with
# Node's error message ("connect ECONNREFUSED 127.0.0.1:9", "getaddrinfo ENOTFOUND x").
sub tcp_connect {
  my ($host, $port, $cb) = @_;
  $host = 'localhost' if $host eq '';
  _lookup($host, sub {
    my ($e, @addrs) = @_;
    return $cb->("getaddrinfo $e $host") if $e;
    my @errors;
    my $try;
    $try = sub {
      my $a = shift @addrs;
      if (!$a) {
        undef $try;
        return $cb->(@errors == 1 ? $errors[0] : '');
      }
      my ($fam, $addr) = @$a;
      my $sa = _sockaddr($fam, $addr, $port);
      my $ip = _ntop($fam, $addr);
      my $fh;
      unless (socket($fh, $fam, SOCK_STREAM, 0)) {
        my ($code) = uv_error($! + 0);
        push @errors, "connect $code $ip:$port";
        return $try->();
      }
      _nonblock($fh);
      if (connect($fh, $sa) || $! == EISCONN) { undef $try; setsockopt($fh, IPPROTO_TCP, TCP_NODELAY, 1); return $cb->(undef, $fh) }
      unless ($! == EINPROGRESS || $! == EINTR) {
        my ($code) = uv_error($! + 0);
        close $fh;
        push @errors, "connect $code $ip:$port";
        return $try->();
      }
      on_writable($fh, sub {
        on_writable($fh, undef);
        my $soerr = unpack('i', getsockopt($fh, SOL_SOCKET, SO_ERROR) // pack('i', 0));
        if ($soerr) {
          my ($code) = uv_error($soerr);
          close $fh;
          push @errors, "connect $code $ip:$port";
          return $try->();
        }
        undef $try;
        setsockopt($fh, IPPROTO_TCP, TCP_NODELAY, 1);
        $cb->(undef, $fh);
      });
    };
    $try->();
  });
}

1;
