package KubesimHttpd;

# The shared part of kubesim's built-in images, which are Perl programs using perl-base modules
# only (perl-base is Essential on Debian and Ubuntu): kubia starts in ~6 ms of CPU and ~7 MB of RSS
# where the Node program took ~35 ms and ~45 MB.
#
# It holds an event loop (select(2), timers), non-blocking TCP streams, and an HTTP/1.1 server
# that answers like Node's http module did when the images were Node programs: the same status
# lines, header order and framing (Transfer-Encoding: chunked after writeHead, Content-Length for
# end(body) alone, Connection: close for HTTP/1.0), keep-alive (idle connections closed 5 s + 1 s
# after their last response, as Node 20 does), pipelining, 100-continue/417, 400 for a missing
# Host or a malformed request (llhttp's rules), 431 for heads over 16 KiB, 408 after 60 s without
# a complete head. No client can block another: every connection has its own buffers.
# Plus the helpers the images share: bind address, hostname, time, JS-compatible numbers.
# KubesimHttpd/Url.pm (URL parsing) and KubesimHttpd/Net.pm (outgoing connections) are compiled
# only by the images that import their functions.

use strict;

# Start-up cost is what this module is about: 100 pods start at once on a 2-core node. So it loads
# no module on its normal path – not POSIX (~8 ms of CPU), Socket (~6 ms), IO::Select with
# warnings and Exporter (~2.5 ms) or lib (~2 ms) – and takes the few Linux constants it needs
# from the table below when the perl binary has the kernel's generic ABI (x86-64, arm64, ...,
# read from its ELF header); anywhere else they come from Socket, Fcntl and Errno. POSIX and
# Socket are loaded on the rare paths that need them (a DNS name, IPv6, _exit, uname).
# No `use warnings` either: a warning on stderr would be output the Node programs never wrote.

my ($ELF_CLASS, $ELF_MACHINE);
my $GENERIC_ABI;

BEGIN {
  my $h = '';
  if (open my $exe, '<:raw', '/proc/self/exe') { sysread $exe, $h, 20; close $exe }
  ($ELF_CLASS, $ELF_MACHINE) = length $h == 20 && substr($h, 0, 4) eq "\x7fELF"
    ? (ord substr($h, 4, 1), unpack(ord substr($h, 5, 1) == 2 ? 'n' : 'v', substr($h, 18, 2)))
    : (0, 0);
  # EM_386, EM_ARM, EM_PPC, EM_PPC64, EM_S390, EM_X86_64, EM_AARCH64, EM_RISCV, EM_LOONGARCH.
  $GENERIC_ABI = $^O eq 'linux' && { map { $_ => 1 } 3, 40, 20, 21, 22, 62, 183, 243, 258 }->{$ELF_MACHINE};
  my %k = (
    AF_INET => 2, AF_INET6 => 10, SOCK_STREAM => 1, SOL_SOCKET => 1, SO_REUSEADDR => 2, SO_ERROR => 4,
    IPPROTO_TCP => 6, TCP_NODELAY => 1, IPPROTO_IPV6 => 41, IPV6_V6ONLY => 26, SHUT_WR => 1, F_GETFL => 3,
    F_SETFL => 4, O_NONBLOCK => 2048, EAGAIN => 11, EINTR => 4, EINPROGRESS => 115, EISCONN => 106, EACCES => 13,
  );
  unless ($GENERIC_ABI) {
    require Socket;
    require Fcntl;
    require Errno;
    $k{$_} = Socket->can($_)->() for qw(AF_INET AF_INET6 SOCK_STREAM SOL_SOCKET SO_REUSEADDR SO_ERROR IPPROTO_TCP
      TCP_NODELAY IPPROTO_IPV6 IPV6_V6ONLY SHUT_WR);
    $k{$_} = Fcntl->can($_)->() for qw(F_GETFL F_SETFL O_NONBLOCK);
    $k{$_} = Errno->can($_)->() for qw(EAGAIN EINTR EINPROGRESS EISCONN EACCES);
  }
  no strict 'refs';
  for my $pkg (qw(KubesimHttpd KubesimHttpd::Stream KubesimHttpd::Conn)) {
    for my $name (keys %k) { my $v = $k{$name}; *{"${pkg}::$name"} = sub () { $v } }
  }
}

# Functions of the parts only some images need, compiled only when imported (compiling costs
# start-up time too: kubia needs neither URLs nor outgoing connections).
my %PART = (map({ $_ => 'KubesimHttpd/Url.pm' } qw(parse_url search_params param utf8_lossy)),
  map({ $_ => 'KubesimHttpd/Net.pm' } qw(tcp_connect)));

# use KubesimHttpd qw(name ...): imports those functions (Exporter costs start-up time).
sub import {
  my $pkg    = shift;
  my $caller = caller;
  no strict 'refs';
  for my $name (@_) {
    require $PART{$name} if $PART{$name} && !defined &{"${pkg}::$name"};
    die "KubesimHttpd does not export $name\n" unless defined &{"${pkg}::$name"};
    *{"${caller}::$name"} = \&{"${pkg}::$name"};
  }
}

sub _posix { require POSIX; 1 }

# Node starts with every signal's default action (whatever its parent ignored) but ignores SIGPIPE
# and SIGXFSZ, and SIGUSR1 starts its inspector instead of killing it. A handler the program
# installed before loading this module stays.
for my $sig (qw(HUP INT QUIT ILL TRAP ABRT BUS FPE USR2 ALRM TERM STKFLT CHLD CONT TSTP TTIN TTOU URG XCPU VTALRM
  PROF WINCH IO PWR SYS))
{
  next unless exists $SIG{$sig};
  $SIG{$sig} = 'DEFAULT' unless ref $SIG{$sig};
}
$SIG{$_} = 'IGNORE' for grep { !ref $SIG{$_} } qw(PIPE XFSZ USR1);

binmode STDOUT;
binmode STDERR;
$| = 1;    # unbuffered stdout: a log line is in the container log at once

# ------------------------------------------------------------------ output, environment

sub out { print STDOUT @_, "\n" }
sub err { print STDERR @_, "\n" }

# What Node prints (first line) for an uncaught exception, and its exit code. Like process.exit(),
# _exit(2) closes every socket at once.
sub crash {
  print STDERR $_[0], "\n";
  _exit(1);
}

# process.exit(code): _exit(2), no destructors.
sub _exit { _posix(); POSIX::_exit($_[0]) }

# The address a container binds: its pod IP, or every interface when it has none.
sub bind_host { defined $ENV{POD_IP} && $ENV{POD_IP} ne '' ? $ENV{POD_IP} : '0.0.0.0' }

# The container's hostname: the pod name (as HOSTNAME in a real container), else the host's.
sub hostname { defined $ENV{HOSTNAME} && $ENV{HOSTNAME} ne '' ? $ENV{HOSTNAME} : _posix() && (POSIX::uname())[1] }

# os.release(): the kernel release.
sub os_release {
  if (open my $f, '<', '/proc/sys/kernel/osrelease') { my $r = <$f>; chomp $r if defined $r; return $r if $r }
  _posix();
  return (POSIX::uname())[2];
}

# An IPv4 peer as Node reports it on a dual-stack socket in a container: "::ffff:10.0.0.1".
sub peer_address { $_[0] =~ /\A\d+\.\d+\.\d+\.\d+\z/ ? "::ffff:$_[0]" : $_[0] }

# ------------------------------------------------------------------ time (no Time::HiRes in perl-base)

# clock_gettime(2) through syscall(2) where its number is known (64-bit Linux); else POSIX::times()
# (10 ms resolution) for the monotonic clock and time() for the wall clock.
# The perl binary's ABI decides the syscall number: x86-64 228, the generic 64-bit table 113.
my $SYS_CLOCK_GETTIME = $^O ne 'linux' || $ELF_CLASS != 2 || length(pack('p', 'x')) != 8 ? undef
  : $ELF_MACHINE == 62 ? 228
  : ($ELF_MACHINE == 183 || $ELF_MACHINE == 243 || $ELF_MACHINE == 258) ? 113
  : undef;
my $CLK_TCK;
sub _ticks { _posix(); $CLK_TCK ||= POSIX::sysconf(POSIX::_SC_CLK_TCK()) || 100; return (POSIX::times())[0] }

sub _clock {
  my ($id) = @_;
  return unless defined $SYS_CLOCK_GETTIME;
  my $ts = "\0" x 16;
  return unless syscall($SYS_CLOCK_GETTIME, $id, $ts) == 0;
  return unpack('q q', $ts);
}

# Seconds on a monotonic clock (a float).
sub mono {
  my ($s, $ns) = _clock(1);
  return $s + $ns / 1e9 if defined $s;
  my $t = _ticks();
  return $t / $CLK_TCK;
}

# Nanoseconds on the monotonic clock, an integer (process.hrtime.bigint()).
sub mono_ns {
  my ($s, $ns) = _clock(1);
  return $s * 1_000_000_000 + $ns if defined $s;
  my $t = _ticks();
  return $t * int(1_000_000_000 / $CLK_TCK);
}

# Milliseconds since the epoch.
sub now_ms {
  my ($s, $ns) = _clock(0);
  return defined $s ? $s * 1000 + int($ns / 1e6) : time() * 1000;
}

my @DAYS   = qw(Sun Mon Tue Wed Thu Fri Sat);
my @MONTHS = qw(Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec);

# RFC 7231 date (Node's Date header): "Tue, 05 Mar 2024 09:03:07 GMT". Names are not localized.
sub http_date {
  my @t = gmtime(defined $_[0] ? $_[0] : time());
  return sprintf('%s, %02d %s %04d %02d:%02d:%02d GMT', $DAYS[$t[6]], $t[3], $MONTHS[$t[4]], $t[5] + 1900, $t[2], $t[1], $t[0]);
}

# Date.prototype.toISOString() of now: "2024-03-05T09:03:07.123Z".
sub iso_time {
  my $ms = defined $_[0] ? $_[0] : now_ms();
  my @t  = gmtime(int($ms / 1000));
  return sprintf('%04d-%02d-%02dT%02d:%02d:%02d.%03dZ', $t[5] + 1900, $t[4] + 1, $t[3], $t[2], $t[1], $t[0], $ms % 1000);
}

sub month_name { $MONTHS[$_[0]] }

# ------------------------------------------------------------------ JavaScript numbers

my $INF = 9**9**9;
my $NAN = $INF - $INF;
my $JS_WS = qr/[\t\n\x0b\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}]/;

# Number(string).
sub js_number {
  my ($s) = @_;
  return $NAN unless defined $s;
  $s =~ s/\A$JS_WS+//;
  $s =~ s/$JS_WS+\z//;
  return 0 if $s eq '';
  return hex($1) if $s =~ /\A0[xX]([0-9a-fA-F]+)\z/;
  return oct("0b$1") if $s =~ /\A0[bB]([01]+)\z/;
  return oct("0$1") if $s =~ /\A0[oO]([0-7]+)\z/;
  return $s + 0 if $s =~ /\A[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?\z/;
  return $1 eq '-' ? -$INF : $INF if $s =~ /\A([+-]?)Infinity\z/;
  return $NAN;
}

sub is_js_integer { my ($n) = @_; return $n == $n && $n != $INF && $n != -$INF && $n == int($n) }

# Number(process.env.A || process.env.B || default): the first non-empty variable, as a number.
sub env_number {
  my $default = pop;
  for my $name (@_) {
    next unless defined $ENV{$name} && $ENV{$name} ne '';
    my $v = $ENV{$name};
    utf8::decode($v);    # Node reads the environment as UTF-8
    return js_number($v);
  }
  return $default;
}

# Number.prototype.toString(): the shortest digits that round-trip, JavaScript's notation.
sub js_num_str {
  my ($x) = @_;
  return 'NaN' if $x != $x;
  return $x > 0 ? 'Infinity' : '-Infinity' if $x == $INF || $x == -$INF;
  return '0' if $x == 0;
  my $s;
  for my $p (1 .. 17) {
    $s = sprintf('%.*e', $p - 1, $x);
    last if $s + 0 == $x;
  }
  my ($sign, $int, $frac, $exp) = $s =~ /\A(-?)(\d)(?:\.(\d+))?e([+-]\d+)\z/;
  my $digits = $int . ($frac // '');
  $digits =~ s/0+\z//;
  $digits = '0' if $digits eq '';
  my ($k, $n) = (length $digits, $exp + 1);
  my $r;
  if ($k <= $n && $n <= 21) { $r = $digits . ('0' x ($n - $k)) }
  elsif (0 < $n && $n <= 21) { $r = substr($digits, 0, $n) . '.' . substr($digits, $n) }
  elsif (-6 < $n && $n <= 0) { $r = '0.' . ('0' x -$n) . $digits }
  else {
    my $e = $n - 1;
    $r = substr($digits, 0, 1) . ($k > 1 ? '.' . substr($digits, 1) : '') . 'e' . ($e < 0 ? '-' : '+') . abs($e);
  }
  return $sign . $r;
}

# ------------------------------------------------------------------ text encodings

# Node reads header bytes as latin1 and writes strings to stdout as UTF-8.
sub latin1_to_utf8 {
  my ($s) = @_;
  utf8::upgrade($s);
  utf8::encode($s);
  return $s;
}

# ------------------------------------------------------------------ event loop

# select(2) on bit vectors (what IO::Select wraps), one callback per file descriptor and direction.
my ($RBITS, $WBITS) = ('', '');
my (%RCB, %WCB);    # fileno => [fh, callback]
my @TIMERS;

sub on_readable { _on_io(\%RCB, \$RBITS, @_) }
sub on_writable { _on_io(\%WCB, \$WBITS, @_) }

# Sets (or, without a callback, clears) the callback of one direction of a file descriptor.
sub _on_io {
  my ($cbs, $bits, $fh, $cb) = @_;
  my $fd = fileno $fh;
  return unless defined $fd;
  if ($cb) { $cbs->{$fd} = [$fh, $cb]; vec($$bits, $fd, 1) = 1 }
  elsif (delete $cbs->{$fd}) { vec($$bits, $fd, 1) = 0 }
}

# process.on(signal, cb): like Node, the callback runs from the event loop, between other
# callbacks – never in the middle of one (a SIGQUIT must not cut a request handler short).
# `once` (process.once): the signal gets its default action back when the callback runs.
# A byte in a pipe wakes select(2) up even when the signal came just before it was entered.
my (@SIGNALS, $SIG_R, $SIG_W);

sub on_signal {
  my ($name, $cb, $once) = @_;
  unless ($SIG_R) {
    pipe($SIG_R, $SIG_W) or die "pipe: $!\n";
    _nonblock($_) for $SIG_R, $SIG_W;
    on_readable($SIG_R, sub { my $junk; 1 while (sysread($SIG_R, $junk, 512) // 0) > 0 });
  }
  $SIG{$name} = sub { push @SIGNALS, [$name, $cb, $once]; syswrite($SIG_W, '!') };
}

sub _run_signals {
  while (my $s = shift @SIGNALS) {
    my ($name, $cb, $once) = @$s;
    $SIG{$name} = 'DEFAULT' if $once;
    $cb->($name);
  }
}

# A one-shot timer in `secs` seconds; `every` repeats it.
sub after { my ($secs, $cb) = @_; my $t = { at => mono() + $secs, cb => $cb }; push @TIMERS, $t; return $t }
sub every { my ($secs, $cb) = @_; my $t = after($secs, $cb); $t->{every} = $secs; return $t }
sub cancel { $_[0]{dead} = 1 if $_[0] }

sub run {
  for (;;) {
    _run_signals();
    my $next;
    if (@TIMERS) {
      my $now = mono();
      for my $t (sort { $a->{at} <=> $b->{at} } grep { !$_->{dead} && $_->{at} <= $now } @TIMERS) {
        next if $t->{dead};
        if ($t->{every}) { $t->{at} += $t->{every}; $t->{at} = $now + $t->{every} if $t->{at} <= $now }
        else { $t->{dead} = 1 }
        $t->{cb}->();
      }
      @TIMERS = grep { !$_->{dead} } @TIMERS;
      for (@TIMERS) { $next = $_->{at} if !defined $next || $_->{at} < $next }
    }
    my $timeout;
    if (defined $next) { $timeout = $next - mono(); $timeout = 0 if $timeout < 0 }
    my ($r, $w) = ($RBITS, $WBITS);
    my $n = select($r, $w, undef, $timeout);
    next unless $n && $n > 0;    # a timeout, or EINTR (a signal handler ran)
    # This round's ready callbacks; one may remove another's descriptor, or a new socket reuse its number.
    my @ready = ((map { [$WCB{$_}, \%WCB, $_] } grep { vec($w, $_, 1) } keys %WCB),
      (map { [$RCB{$_}, \%RCB, $_] } grep { vec($r, $_, 1) } keys %RCB));
    for (@ready) {
      _run_signals();
      my ($entry, $table, $fd) = @$_;
      my $now = $table->{$fd};
      $entry->[1]->() if $now && $now == $entry;
    }
  }
}

# ------------------------------------------------------------------ errors as libuv names them

my %UV_MSG = (
  EADDRINUSE => 'address already in use', EADDRNOTAVAIL => 'address not available', EACCES => 'permission denied',
  EAFNOSUPPORT => 'address family not supported', EINVAL => 'invalid argument', EPERM => 'operation not permitted',
  EMFILE => 'too many open files', ENFILE => 'file table overflow', ENOBUFS => 'no buffer space available',
  ENOMEM => 'not enough memory', ECONNREFUSED => 'connection refused', ECONNRESET => 'connection reset by peer',
  ETIMEDOUT => 'connection timed out', ENETUNREACH => 'network is unreachable', EHOSTUNREACH => 'host is unreachable',
  EPIPE => 'broken pipe', ECONNABORTED => 'software caused connection abort', ENOTCONN => 'socket is not connected',
);

# (code, message) for an errno, e.g. ('EADDRINUSE', 'address already in use').
sub uv_error {
  my ($errno) = @_;
  # (Errno is loaded here, not where %! would load it: at compile time.)
  require Errno;
  my $is = sub { my $f = Errno->can($_[0]); $f && $f->() == $errno };
  for my $name (sort keys %UV_MSG) { return ($name, $UV_MSG{$name}) if $is->($name) }
  local $! = $errno;
  for my $name (@Errno::EXPORT_OK) { return ($name, lc "$!") if $is->($name) }
  return ('UNKNOWN', 'unknown error');
}

sub _nonblock { my ($fh) = @_; my $fl = fcntl($fh, F_GETFL, 0); fcntl($fh, F_SETFL, $fl | O_NONBLOCK) }

# IPv4 without Socket: struct sockaddr_in is the same on every Linux.
my $OCTET = qr/(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]\d|\d)/;
sub _pton4 { my ($s) = @_; $s =~ /\A($OCTET)\.($OCTET)\.($OCTET)\.($OCTET)\z/ ? pack('C4', $1, $2, $3, $4) : undef }
sub _pton6 { my ($s) = @_; return undef unless $s =~ /:/; require Socket; return Socket::inet_pton(AF_INET6, $s) }
sub _ntop { $_[0] == AF_INET ? join('.', unpack 'C4', $_[1]) : do { require Socket; Socket::inet_ntop($_[0], $_[1]) } }

sub _sockaddr {
  my ($fam, $addr, $port) = @_;
  return pack('S n a4 x8', AF_INET, $port, $addr) if $fam == AF_INET && $GENERIC_ABI;
  require Socket;
  return $fam == AF_INET6 ? Socket::pack_sockaddr_in6($port, $addr) : Socket::pack_sockaddr_in($port, $addr);
}

# (address, port) of a peer's sockaddr.
sub _sockaddr_parts {
  my ($sa) = @_;
  if ($GENERIC_ABI && unpack('S', $sa) == AF_INET) { my ($port, $a) = unpack('x2 n a4', $sa); return (_ntop(AF_INET, $a), $port) }
  require Socket;
  if (Socket::sockaddr_family($sa) == AF_INET6) { my ($port, $a) = Socket::unpack_sockaddr_in6($sa); return (_ntop(AF_INET6, $a), $port) }
  my ($port, $a) = Socket::unpack_sockaddr_in($sa);
  return (_ntop(AF_INET, $a), $port);
}

# Addresses for `host` as [family, packed address] (an IP literal needs no lookup); ($errcode) on failure.
sub _lookup_sync {
  my ($host) = @_;
  if (my $a4 = _pton4($host)) { return (undef, [AF_INET, $a4]) }
  if (my $a6 = _pton6($host)) { return (undef, [AF_INET6, $a6]) }
  require KubesimHttpd::Net;
  return _getaddrinfo($host);
}

# ------------------------------------------------------------------ non-blocking TCP streams

package KubesimHttpd::Stream;

# Callbacks: on_data(bytes), on_end() (the peer's FIN), on_error(errno), on_close(), on_activity().
sub new {
  my ($class, $fh, %cb) = @_;
  my $s = bless { fh => $fh, wbuf => '', %cb }, $class;
  $s->resume;
  return $s;
}

sub resume {
  my ($s) = @_;
  return if $s->{dead} || $s->{rend};
  KubesimHttpd::on_readable($s->{fh}, sub { $s->_readable });
}

sub pause { my ($s) = @_; KubesimHttpd::on_readable($s->{fh}, undef) unless $s->{dead} }

sub _readable {
  my ($s) = @_;
  my $n = sysread($s->{fh}, my $buf, 65536);
  if (!defined $n) {
    return if $! == EAGAIN || $! == EINTR;
    return $s->_fail($! + 0);
  }
  $s->{on_activity}->() if $s->{on_activity};
  if ($n == 0) {
    $s->{rend} = 1;
    KubesimHttpd::on_readable($s->{fh}, undef);
    $s->{on_end}->() if $s->{on_end};
    $s->destroy if $s->{wend} && !$s->{dead};
    return;
  }
  $s->{on_data}->($buf) if $s->{on_data};
}

sub write {
  my ($s, $data) = @_;
  return if $s->{dead} || $s->{ending} || !length $data;
  $s->{wbuf} .= $data;
  $s->{on_activity}->() if $s->{on_activity};
  $s->_flush unless $s->{wwait};
}

sub buffered { length $_[0]{wbuf} }

sub _flush {
  my ($s) = @_;
  while (length $s->{wbuf}) {
    my $n = syswrite($s->{fh}, $s->{wbuf});
    if (!defined $n) {
      if ($! == EAGAIN || $! == EINTR) {
        $s->{wwait} = 1;
        KubesimHttpd::on_writable($s->{fh}, sub { $s->_flush });
        return;
      }
      return $s->_fail($! + 0);
    }
    substr($s->{wbuf}, 0, $n, '');
  }
  if ($s->{wwait}) { $s->{wwait} = 0; KubesimHttpd::on_writable($s->{fh}, undef) }
  if ($s->{ending}) {
    shutdown($s->{fh}, SHUT_WR) unless $s->{wend}++;
    return $s->destroy if $s->{close_when_done} || $s->{rend};
  }
  $s->{on_drain}->() if $s->{on_drain};
}

# FIN after the pending data (socket.end()); `close` also closes the socket then (destroySoon()).
sub end {
  my ($s, $close) = @_;
  return if $s->{dead};
  $s->{close_when_done} = 1 if $close;
  $s->{ending} = 1;
  $s->_flush unless $s->{wwait};
}

sub _fail {
  my ($s, $errno) = @_;
  return if $s->{dead};
  my $cb = $s->{on_error};
  $s->destroy;
  $cb->($errno) if $cb;
}

# Closes at once (socket.destroy()): what the kernel has not taken of the pending data is dropped.
sub destroy {
  my ($s) = @_;
  return if $s->{dead};
  if (length $s->{wbuf} && !$s->{wwait}) { syswrite($s->{fh}, $s->{wbuf}) }
  $s->{dead} = 1;
  my $fh = $s->{fh};
  KubesimHttpd::on_readable($fh, undef);
  KubesimHttpd::on_writable($fh, undef);
  # Read what the peer already sent, as Node does before it closes: unread data would turn the FIN into a RST.
  my $junk;
  for (1 .. 16) { my $n = sysread($fh, $junk, 65536); last unless $n }
  close $fh;
  my $cb = $s->{on_close};
  %$s = (dead => 1);
  $cb->() if $cb;
}

package KubesimHttpd;

# ------------------------------------------------------------------ HTTP server

our %STATUS = (
  100 => 'Continue', 101 => 'Switching Protocols', 102 => 'Processing', 103 => 'Early Hints', 200 => 'OK',
  201 => 'Created', 202 => 'Accepted', 203 => 'Non-Authoritative Information', 204 => 'No Content',
  205 => 'Reset Content', 206 => 'Partial Content', 207 => 'Multi-Status', 208 => 'Already Reported',
  226 => 'IM Used', 300 => 'Multiple Choices', 301 => 'Moved Permanently', 302 => 'Found', 303 => 'See Other',
  304 => 'Not Modified', 305 => 'Use Proxy', 307 => 'Temporary Redirect', 308 => 'Permanent Redirect',
  400 => 'Bad Request', 401 => 'Unauthorized', 402 => 'Payment Required', 403 => 'Forbidden', 404 => 'Not Found',
  405 => 'Method Not Allowed', 406 => 'Not Acceptable', 407 => 'Proxy Authentication Required',
  408 => 'Request Timeout', 409 => 'Conflict', 410 => 'Gone', 411 => 'Length Required', 412 => 'Precondition Failed',
  413 => 'Payload Too Large', 414 => 'URI Too Long', 415 => 'Unsupported Media Type', 416 => 'Range Not Satisfiable',
  417 => 'Expectation Failed', 418 => "I'm a Teapot", 421 => 'Misdirected Request', 422 => 'Unprocessable Entity',
  423 => 'Locked', 424 => 'Failed Dependency', 425 => 'Too Early', 426 => 'Upgrade Required',
  428 => 'Precondition Required', 429 => 'Too Many Requests', 431 => 'Request Header Fields Too Large',
  451 => 'Unavailable For Legal Reasons', 500 => 'Internal Server Error', 501 => 'Not Implemented',
  502 => 'Bad Gateway', 503 => 'Service Unavailable', 504 => 'Gateway Timeout', 505 => 'HTTP Version Not Supported',
  506 => 'Variant Also Negotiates', 507 => 'Insufficient Storage', 508 => 'Loop Detected',
  509 => 'Bandwidth Limit Exceeded', 510 => 'Not Extended', 511 => 'Network Authentication Required',
);

# http.STATUS_CODES[code].
sub status_text { $STATUS{ $_[0] } }

# Node's timeouts: keepAliveTimeout 5 s (+ 1 s buffer before the idle socket is closed),
# headersTimeout 60 s and requestTimeout 300 s checked every 30 s, max header size 16 KiB.
my $KEEP_ALIVE_IDLE = 6;
my $HEADERS_TIMEOUT = 60;
my $REQUEST_TIMEOUT = 300;
my $CHECK_INTERVAL  = 30;
my $MAX_HEADER_SIZE = 16384;
my $MAX_HEADERS     = 2000;

my @HTTP_METHODS = qw(DELETE GET HEAD POST PUT CONNECT OPTIONS TRACE COPY LOCK MKCOL MOVE PROPFIND PROPPATCH SEARCH
  UNLOCK BIND REBIND UNBIND ACL REPORT MKACTIVITY CHECKOUT MERGE M-SEARCH NOTIFY SUBSCRIBE UNSUBSCRIBE PATCH PURGE
  MKCALENDAR LINK UNLINK SOURCE QUERY);
my @RTSP_METHODS = qw(OPTIONS DESCRIBE ANNOUNCE SETUP PLAY PAUSE TEARDOWN GET_PARAMETER SET_PARAMETER REDIRECT RECORD
  FLUSH GET POST);
my %HTTP_METHOD = map { $_ => 1 } @HTTP_METHODS;
my %RTSP_METHOD = map { $_ => 1 } @RTSP_METHODS;
my %ANY_METHOD  = (%HTTP_METHOD, %RTSP_METHOD, PRI => 1);
my %VERSION_OK  = map { $_ => 1 } qw(0.9 1.0 1.1 2.0);

my $TCHAR     = q{[!#$%&'*+\-.^_`|~0-9A-Za-z]};
my $VALUE     = qr/[\t\x20-\x7e\x80-\xff]/;
my $SERVER_CH = q{[!$-;=?-\[\]_a-z~]};

# Headers whose duplicates Node drops (the first wins); the others are joined with ", " ("; " for
# cookie), set-cookie becomes a list.
my %FIRST_WINS = map { $_ => 1 } qw(age host from etag date server referer expires location user-agent retry-after
  content-type max-forwards authorization last-modified content-length if-modified-since proxy-authorization
  if-unmodified-since);

# Adds a header line to an ordered header set { map => {name => value}, order => [names] } as
# IncomingMessage._addHeaderLine does.
sub add_header_line {
  my ($h, $name, $value) = @_;
  my $k = lc $name;
  my $map = $h->{map};
  if ($k eq 'set-cookie') {
    push @{ $h->{order} }, $k unless exists $map->{$k};
    push @{ $map->{$k} }, $value;
  } elsif (!exists $map->{$k}) {
    push @{ $h->{order} }, $k;
    $map->{$k} = $value;
  } elsif (!$FIRST_WINS{$k}) {
    $map->{$k} .= ($k eq 'cookie' ? '; ' : ', ') . $value;
  }
}

# Parses a request head at the start of $buf as llhttp does: undef (need more), { error => 400|431 },
# or { req => {...}, len => bytes }.
sub _parse_head {
  my ($buf) = @_;
  my $nl = index($buf, "\n");
  if ($nl < 0) {
    my ($m) = $buf =~ /\A([^ ]*)/;
    if (index($buf, ' ') < 0) {
      return { error => 400 } unless grep { index($_, $m) == 0 } keys %ANY_METHOD;
    } else {
      return { error => 400 } unless $ANY_METHOD{$m};
    }
    return { error => 400 } if $buf =~ /[^\x20-\x7e\r]/ || $buf =~ /\r./s;
    return { error => 431 } if length($buf) - length($m) >= $MAX_HEADER_SIZE;
    return undef;
  }
  my ($method, $url, $proto, $version);
  my $line = substr($buf, 0, $nl + 1);
  if ($line =~ m{\A([A-Z_-]+) +([\x21-\x7e]+) +(HTTP|RTSP|ICE)/(\d\.\d)\r\n\z}) {
    ($method, $url, $proto, $version) = ($1, $2, $3, $4);
    return { error => 400 } unless $VERSION_OK{$version};
  } elsif ($line =~ m{\A([A-Z_-]+) +([\x21-\x7e]+)\r?\n\z}) {
    ($method, $url, $proto, $version) = ($1, $2, 'HTTP', '0.9');
  } else {
    return { error => 400 };
  }
  return { error => 400 }
    unless $proto eq 'HTTP' ? $HTTP_METHOD{$method} : $proto eq 'RTSP' ? $RTSP_METHOD{$method} : $method eq 'SOURCE';
  if ($method eq 'CONNECT') {
    return { error => 400 } unless $url =~ /\A$SERVER_CH+\z/o;
  } else {
    return { error => 400 }
      unless $url =~ m{\A[/*][\x21-\x7e]*\z} || $url =~ m{\A[A-Za-z]+://$SERVER_CH*(?:[/?][\x21-\x7e]*)?\z}o;
  }
  my $size = length $url;
  return { error => 431 } if $size >= $MAX_HEADER_SIZE;
  my $pos = $nl + 1;
  my @raw;
  for (;;) {
    my $e = index($buf, "\n", $pos);
    if ($e < 0) {
      my $part = substr($buf, $pos);
      return { error => 400 } unless $part =~ /\A(?:($TCHAR*)|($TCHAR+):[ \t]*($VALUE*))\r?\z/o;
      return { error => 431 } if $size + (defined $1 ? length $1 : length($2) + length($3)) >= $MAX_HEADER_SIZE;
      return undef;
    }
    my $l = substr($buf, $pos, $e - $pos);
    return { error => 400 } unless $l =~ s/\r\z//;
    $pos = $e + 1;
    last if $l eq '';
    return { error => 400 } unless $l =~ /\A($TCHAR+):[ \t]*($VALUE*)\z/o;
    $size += length($1) + length($2);
    return { error => 431 } if $size >= $MAX_HEADER_SIZE;
    push @raw, $1, $2;
  }
  my $req = {
    method => $method, url => $url, version => $version, major => substr($version, 0, 1) + 0,
    minor => substr($version, 2, 1) + 0, raw => \@raw, headers => { map => {}, order => [] },
  };
  my ($cl, $te, $chunked, $close, $ka, $conn_upgrade, $upgrade);
  for (my $i = 0; $i < @raw; $i += 2) {
    my ($n, $v) = (lc $raw[$i], $raw[$i + 1]);
    (my $tv = $v) =~ s/[ \t]+\z//;
    add_header_line($req->{headers}, $raw[$i], $tv) if $i / 2 < $MAX_HEADERS;
    if ($n eq 'content-length') {
      return { error => 400 } if defined $cl || $v !~ /\A(\d+)[ \t]*\z/;
      (my $d = $1) =~ s/\A0+(?=\d)//;
      return { error => 400 } if length($d) > 20 || (length($d) == 20 && $d gt '18446744073709551615');
      $cl = $d + 0;
    } elsif ($n eq 'transfer-encoding') {
      next if $tv eq '';
      $te = 1;
      for my $tok (split /,/, $tv, -1) {
        return { error => 400 } if $chunked;
        $tok =~ s/\A[ \t]+|[ \t]+\z//g;
        $chunked = 1 if lc $tok eq 'chunked';
      }
    } elsif ($n eq 'connection') {
      for my $tok (split /,/, lc $tv) {
        $tok =~ s/\A[ \t]+|[ \t]+\z//g;
        $close = 1 if $tok eq 'close';
        $ka = 1 if $tok eq 'keep-alive';
        $conn_upgrade = 1 if $tok eq 'upgrade';
      }
    } elsif ($n eq 'upgrade') {
      $upgrade = 1;
    }
  }
  return { error => 400 } if $te && defined $cl;
  $req->{keep_alive}  = ($req->{major} > 0 && $req->{minor} > 0) ? !$close : !!$ka;
  $req->{upgrade}     = $method eq 'CONNECT' || ($conn_upgrade && $upgrade);
  $req->{chunked}     = $chunked;
  $req->{te_invalid}  = $te && !$chunked;
  $req->{content_length} = $cl // 0;
  return { req => $req, len => $pos };
}

# http.createServer(handler) with server.on('connect', connect): handler->($req, $res) for every
# request; connect->($req, $stream, $head) for CONNECT (without it, a CONNECT closes the socket).
sub new_server {
  my ($class, %opt) = @_;
  return bless { handler => $opt{handler}, connect => $opt{connect}, conns => {} }, $class;
}

# server.listen(port, host, onListening) with the images' listenOrDie: a failure prints
# "listen <host>:<port>: <error>" to stderr and exits 1.
sub listen_or_die {
  my ($srv, $port, $host, $on_listening) = @_;
  if (!is_js_integer($port) || $port < 0 || $port > 65535) {
    crash('RangeError [ERR_SOCKET_BAD_PORT]: options.port should be >= 0 and < 65536. Received type number ('
        . js_num_str($port) . ').');
  }
  my $die = sub { print STDERR "listen $host:" . js_num_str($port) . ": $_[0]\n"; exit 1 };
  my ($e, $a) = _lookup_sync($host);
  $die->("getaddrinfo $e $host") if $e;
  my ($fam, $addr) = @$a;
  my $ip = _ntop($fam, $addr);
  my $fail = sub { my ($code, $msg) = uv_error($! + 0); $die->("listen $code: $msg $ip:$port") };
  socket(my $fh, $fam, SOCK_STREAM, 0) or $fail->();
  setsockopt($fh, SOL_SOCKET, SO_REUSEADDR, 1);
  setsockopt($fh, IPPROTO_IPV6, IPV6_V6ONLY, 0) if $fam == AF_INET6;
  bind($fh, _sockaddr($fam, $addr, $port)) or $fail->();
  listen($fh, 511) or $fail->();
  _nonblock($fh);
  $srv->{fh} = $fh;
  on_readable($fh, sub { $srv->_accept });
  every($CHECK_INTERVAL, sub { $srv->_check_timeouts });
  $on_listening->() if $on_listening;
  return $srv;
}

# server.close(): no new connections.
sub close_server {
  my ($srv) = @_;
  return unless $srv->{fh};
  on_readable($srv->{fh}, undef);
  CORE::close($srv->{fh});
  delete $srv->{fh};
}

# server.closeAllConnections().
sub close_all_connections {
  my ($srv) = @_;
  $_->{stream}->destroy for values %{ $srv->{conns} };
}

sub _accept {
  my ($srv) = @_;
  for (1 .. 64) {
    my $fh;
    my $paddr = accept($fh, $srv->{fh}) or last;
    _nonblock($fh);
    setsockopt($fh, IPPROTO_TCP, TCP_NODELAY, 1);
    my ($addr, $port) = _sockaddr_parts($paddr);
    KubesimHttpd::Conn->new($srv, $fh, $addr, $port);
  }
}

sub _check_timeouts {
  my ($srv) = @_;
  my $now = mono();
  for my $c (values %{ $srv->{conns} }) {
    next unless $c->{active};
    my $age = $now - $c->{msg_start};
    $c->client_error(408) if (!$c->{headers_done} && $age > $HEADERS_TIMEOUT) || $age > $REQUEST_TIMEOUT;
  }
}

# ------------------------------------------------------------------ a server connection

package KubesimHttpd::Conn;

sub new {
  my ($class, $srv, $fh, $addr, $port) = @_;
  my $c = bless {
    srv => $srv, rbuf => '', phase => 'head', queue => [], remote_address => $addr, remote_port => $port,
    active => 1, msg_start => KubesimHttpd::mono(), headers_done => 0,
  }, $class;
  $c->{stream} = KubesimHttpd::Stream->new(
    $fh,
    on_data     => sub { $c->_on_data($_[0]) },
    on_end      => sub { $c->_on_eof },
    on_error    => sub { $c->_gone },
    on_close    => sub { $c->_gone },
    on_activity => sub { $c->{ka}{at} = KubesimHttpd::mono() + $KEEP_ALIVE_IDLE if $c->{ka} },
  );
  $srv->{conns}{$c} = $c;
  return $c;
}

sub _gone {
  my ($c) = @_;
  return if $c->{dead}++;
  KubesimHttpd::cancel($c->{ka});
  delete $c->{srv}{conns}{$c};
  for my $res (@{ $c->{queue} }) { $res->{on_abort}->() if $res->{on_abort} }
  $c->{queue} = [];
  $c->{phase} = 'dead';
}

sub _arm_keep_alive {
  my ($c) = @_;
  KubesimHttpd::cancel($c->{ka});
  $c->{ka} = KubesimHttpd::after($KEEP_ALIVE_IDLE, sub { delete $c->{ka}; $c->{stream}->destroy });
}

sub _disarm_keep_alive { my ($c) = @_; KubesimHttpd::cancel(delete $c->{ka}) }

# One read is one pass of Node's parser: the first response of a pass goes out at once, the
# others of the same pass wait for the end of the pass (Node finishes a response on the next tick).
sub _on_data {
  my ($c, $data) = @_;
  return if $c->{dead};
  if ($c->{phase} eq 'tunnel') { return }
  return if $c->{closing};
  $c->{rbuf} .= $data;
  $c->{in_pass} = 1;
  $c->_process;
  $c->{in_pass} = 0;
  $c->_settle unless $c->{dead};
}

sub _process {
  my ($c) = @_;
  while (!$c->{dead} && !$c->{closing}) {
    my $phase = $c->{phase};
    if ($phase eq 'head') {
      $c->{rbuf} =~ s/\A[\r\n]+//;
      return if $c->{rbuf} eq '';
      if (!$c->{active}) { $c->{active} = 1; $c->{msg_start} = KubesimHttpd::mono(); $c->{headers_done} = 0 }
      my $r = KubesimHttpd::_parse_head($c->{rbuf}) or return;
      return $c->client_error($r->{error}) if $r->{error};
      substr($c->{rbuf}, 0, $r->{len}, '');
      $c->_dispatch($r->{req});
    } elsif ($phase eq 'body') {
      return unless $c->_body;
    } elsif ($phase eq 'closed') {
      # After a request that does not keep the connection alive, only CR/LF may follow.
      $c->{rbuf} =~ s/\A[\r\n]+//;
      $c->client_error(400) if $c->{rbuf} ne '';
      return;
    } else {
      # 'stalled' (an Upgrade request nobody upgraded: Node's parser stops) or 'tunnel'.
      $c->{rbuf} = '';
      return;
    }
  }
}

sub _dispatch {
  my ($c, $req) = @_;
  my $srv = $c->{srv};
  $c->{headers_done} = 1;
  $c->_disarm_keep_alive;
  $req->{remote_address} = $c->{remote_address};
  $req->{remote_port}    = $c->{remote_port};
  $req->{conn}           = $c;
  $c->{cur} = $req;
  if ($req->{method} eq 'CONNECT') {
    return $c->{stream}->destroy unless $srv->{connect};
    # The socket leaves the HTTP server: no parser, no timeouts; `head` is what followed the request.
    my $head = $c->{rbuf};
    $c->{rbuf}  = '';
    $c->{phase} = 'tunnel';
    $c->{active} = 0;
    delete $srv->{conns}{$c};
    my $stream = $c->{stream};
    delete @$stream{qw(on_data on_end on_error on_close on_activity)};
    $srv->{connect}->($req, $stream, $head);
    return;
  }
  my $res = KubesimHttpd::Response->new($c, $req);
  push @{ $c->{queue} }, $res;
  $res->{assigned} = 1 if @{ $c->{queue} } == 1;
  my $h = $req->{headers}{map};
  if ($req->{major} == 1 && $req->{minor} == 1 && !exists $h->{host}) {
    $res->write_head(400, Connection => 'close');
    $res->end;
  } elsif ($req->{major} == 1 && $req->{minor} == 1 && exists $h->{expect}) {
    if ($h->{expect} =~ /(?:^|\W)100-continue(?:$|\W)/i) {
      $res->write_continue;
      $srv->{handler}->($req, $res);
    } else {
      $res->write_head(417);
      $res->end;
    }
  } else {
    $srv->{handler}->($req, $res);
  }
  return if $c->{dead} || $c->{closing};
  # llhttp's checks after the head: a Transfer-Encoding without a final chunked is an error.
  return $c->client_error(400) if $req->{te_invalid};
  if ($req->{chunked}) { $c->{phase} = 'body'; $c->{body} = { mode => 'chunked', state => 'size' } }
  elsif ($req->{content_length} > 0) { $c->{phase} = 'body'; $c->{body} = { mode => 'cl', remain => $req->{content_length} } }
  else { $c->_message_complete }
}

sub _body_data {
  my ($c, $data) = @_;
  return unless length $data;
  my $req = $c->{cur};
  $req->{on_data}->($data) if $req->{on_data};
  # Node: body bytes in a pass let the responses finished so far go out.
  $c->_settle;
}

# Consumes body bytes; returns true when the message is complete (continue with the next one).
sub _body {
  my ($c) = @_;
  my $b = $c->{body};
  if ($b->{mode} eq 'cl') {
    my $n = length $c->{rbuf};
    $n = $b->{remain} if $n > $b->{remain};
    if ($n > 0) { $b->{remain} -= $n; $c->_body_data(substr($c->{rbuf}, 0, $n, '')) }
    return 0 if $c->{dead} || $c->{closing};
    return 0 if $b->{remain} > 0;
    $c->_message_complete;
    return 1;
  }
  for (;;) {
    return 0 if $c->{dead} || $c->{closing};
    if ($b->{state} eq 'size') {
      my $e = index($c->{rbuf}, "\n");
      if ($e < 0) {
        return 0 if $c->{rbuf} =~ /\A[0-9A-Fa-f]*(?:;[^\r\n]*)?\r?\z/ && $c->{rbuf} !~ /\A0*[0-9A-Fa-f]{17}/;
        $c->client_error(400);
        return 0;
      }
      my $line = substr($c->{rbuf}, 0, $e + 1);
      unless ($line =~ /\A0*([0-9A-Fa-f]+)(?:;$TCHAR+(?:=(?:$TCHAR+|"(?:[^"\\\r\n]|\\[^\r\n])*"))?)*\r\n\z/o
        && length($1) <= 16)
      {
        $c->client_error(400);
        return 0;
      }
      my $size = hex $1;
      substr($c->{rbuf}, 0, $e + 1, '');
      if ($size == 0) { $b->{state} = 'trailers' }
      else { $b->{state} = 'data'; $b->{remain} = $size }
    } elsif ($b->{state} eq 'data') {
      my $n = length $c->{rbuf};
      return 0 if $n == 0;
      $n = $b->{remain} if $n > $b->{remain};
      $b->{remain} -= $n;
      $c->_body_data(substr($c->{rbuf}, 0, $n, ''));
      $b->{state} = 'crlf' if $b->{remain} == 0;
    } elsif ($b->{state} eq 'crlf') {
      return 0 if $c->{rbuf} eq '' || $c->{rbuf} eq "\r";
      if (substr($c->{rbuf}, 0, 2) ne "\r\n") { $c->client_error(400); return 0 }
      substr($c->{rbuf}, 0, 2, '');
      $b->{state} = 'size';
    } else {    # trailers
      my $e = index($c->{rbuf}, "\n");
      if ($e < 0) {
        return 0 if $c->{rbuf} =~ /\A(?:$TCHAR*|$TCHAR+:[ \t]*$VALUE*)\r?\z/o;
        $c->client_error(400);
        return 0;
      }
      my $l = substr($c->{rbuf}, 0, $e + 1, '');
      if ($l eq "\r\n") { $c->_message_complete; return 1 }
      unless ($l =~ /\A$TCHAR+:[ \t]*$VALUE*\r\n\z/o) { $c->client_error(400); return 0 }
    }
  }
}

sub _message_complete {
  my ($c) = @_;
  my $req = $c->{cur};
  $req->{on_end}->() if $req->{on_end};
  $req->{complete} = 1;
  $c->{active} = 0;
  $c->{phase} = $req->{upgrade} ? 'stalled' : $req->{keep_alive} ? 'head' : 'closed';
}

# Node's resOnFinish for every finished response at the head of the queue.
sub _settle {
  my ($c) = @_;
  my $finished = 0;
  while (!$c->{dead} && (my $res = $c->{queue}[0])) {
    last unless $res->{ended};
    shift @{ $c->{queue} };
    $finished++;
    if ($res->{last}) {
      # socket.destroySoon(): FIN once the response is out, then close; later responses are lost.
      $c->{closing} = 1;
      $c->{queue}   = [];
      $c->_disarm_keep_alive;
      $c->{stream}->end(1);
      return;
    }
    if (my $next = $c->{queue}[0]) {
      $next->{assigned} = 1;
      $c->{stream}->write(delete $next->{out}) if defined $next->{out};
    }
  }
  $c->_arm_keep_alive if $finished && !@{ $c->{queue} } && !$c->{dead};
}

# socketOnError: 400/408/431 unless a response already went out, then the socket is destroyed.
sub client_error {
  my ($c, $code) = @_;
  return if $c->{dead};
  my $inflight = $c->{queue}[0];
  unless (($inflight && $inflight->{assigned} && $inflight->{header_sent}) || $c->{closing}) {
    $c->{stream}->write("HTTP/1.1 $code $KubesimHttpd::STATUS{$code}\r\nConnection: close\r\n\r\n");
  }
  $c->{stream}->destroy;
}

# The peer's FIN: an unfinished message is an error; otherwise the socket is ended (no half-open).
sub _on_eof {
  my ($c) = @_;
  return if $c->{dead};
  if ($c->{phase} eq 'body' || ($c->{phase} eq 'head' && $c->{rbuf} =~ /[^\r\n]/)) {
    return $c->client_error(400);
  }
  for my $res (@{ $c->{queue} }) { $res->{on_abort}->() if $res->{on_abort} && !$res->{ended} }
  $c->{queue}   = [];
  $c->{closing} = 1;
  $c->_disarm_keep_alive;
  $c->{stream}->end(1);
}

# ------------------------------------------------------------------ a response (ServerResponse)

package KubesimHttpd::Response;

sub new {
  my ($class, $c, $req) = @_;
  my $old = $req->{major} < 1 || $req->{minor} < 1;
  my $te  = $req->{headers}{map}{te};
  return bless {
    c => $c, req => $req, status => 200, has_body => $req->{method} ne 'HEAD', keep_alive => $req->{keep_alive},
    chunked_default => $old ? (defined $te && $te =~ /(?:^|\W)chunked(?:$|\W)/i) : 1,
  }, $class;
}

sub _check_header {
  my ($name, $value) = @_;
  KubesimHttpd::crash(qq{TypeError [ERR_INVALID_CHAR]: Invalid character in header content ["$name"]})
    if $value =~ /[^\t\x20-\x7e\x80-\xff]/;
  utf8::downgrade($value);
  return $value;
}

# res.writeHead(status, [name => value, ...]): the head is fixed now (Node's _storeHeader).
# A value may be an array ref (one line each). Values are strings of characters up to U+00FF.
sub write_head {
  my ($res, $status, @pairs) = @_;
  return if defined $res->{header};
  KubesimHttpd::crash("RangeError [ERR_HTTP_INVALID_STATUS_CODE]: Invalid status code: $status")
    if $status < 100 || $status > 999;
  $res->{status} = $status;
  $res->{has_body} = 0 if $status == 204 || $status == 304 || ($status >= 100 && $status <= 199);
  $res->_store_header(\@pairs, undef);
}

sub _store_header {
  my ($res, $pairs, $content_length) = @_;
  my $status = $res->{status};
  my $h = "HTTP/1.1 $status " . ($KubesimHttpd::STATUS{$status} // 'unknown') . "\r\n";
  my (%state, $default_keep_alive);
  $default_keep_alive = 1;
  for (my $i = 0; $i < @$pairs; $i += 2) {
    my ($n, $v) = ($pairs->[$i], $pairs->[$i + 1]);
    for my $one (ref $v eq 'ARRAY' ? @$v : ($v)) {
      my $bytes = _check_header($n, "$one");
      $h .= "$n: $bytes\r\n";
      my $k = lc $n;
      if ($k eq 'connection') {
        $state{connection} = 1;
        if ($bytes =~ /(?:^|\W)close(?:$|\W)/i) { $res->{last} = 1 } else { $res->{keep_alive} = 1 }
      } elsif ($k eq 'transfer-encoding') {
        $state{te} = 1;
        $res->{chunked} = 1 if $bytes =~ /(?:^|\W)chunked(?:$|\W)/i;
      } elsif ($k eq 'content-length') {
        $state{cl} = 1;
      } elsif ($k eq 'date' || $k eq 'trailer') {
        $state{$k} = 1;
      } elsif ($k eq 'keep-alive') {
        $default_keep_alive = 0;
      }
    }
  }
  $h .= 'Date: ' . KubesimHttpd::http_date() . "\r\n" unless $state{date};
  if ($res->{chunked} && ($status == 204 || $status == 304)) { $res->{chunked} = 0; $res->{keep_alive} = 0 }
  if (!$state{connection}) {
    if ($res->{keep_alive} && ($state{cl} || $res->{chunked_default})) {
      $h .= "Connection: keep-alive\r\n";
      $h .= "Keep-Alive: timeout=5\r\n" if $default_keep_alive;
    } else {
      $res->{last} = 1;
      $h .= "Connection: close\r\n";
    }
  }
  if (!$state{cl} && !$state{te}) {
    if (!$res->{has_body}) { $res->{chunked} = 0 }
    elsif (!$res->{chunked_default}) { $res->{last} = 1 }
    elsif (!$state{trailer} && defined $content_length) { $h .= "Content-Length: $content_length\r\n" }
    else { $h .= "Transfer-Encoding: chunked\r\n"; $res->{chunked} = 1 }
  }
  $res->{header} = "$h\r\n";
}

sub _send {
  my ($res, $data) = @_;
  if (!$res->{header_sent}) { $data = $res->{header} . $data; $res->{header_sent} = 1 }
  $res->_raw($data);
}

sub _raw {
  my ($res, $data) = @_;
  my $c = $res->{c};
  return if $c->{dead};
  if ($res->{assigned}) { $c->{stream}->write($data) }
  else { $res->{out} .= $data }
}

# res.writeContinue().
sub write_continue { $_[0]->_raw("HTTP/1.1 100 Continue\r\n\r\n") }

# res.write(bytes).
sub write {
  my ($res, $data) = @_;
  return if $res->{ended};
  $res->_store_header([], undef) unless defined $res->{header};
  return unless $res->{has_body} && length $data;
  $res->_send($res->{chunked} ? sprintf("%x\r\n", length $data) . $data . "\r\n" : $data);
}

# res.end(bytes).
sub end {
  my ($res, $data) = @_;
  return if $res->{ended};
  $data = '' unless defined $data;
  $res->_store_header([], length $data) unless defined $res->{header};
  my $out = '';
  if ($res->{has_body}) {
    $out .= $res->{chunked} && length $data ? sprintf("%x\r\n", length $data) . $data . "\r\n" : $data;
    $out .= "0\r\n\r\n" if $res->{chunked};
  }
  $res->_send($out);
  $res->{ended} = 1;
  my $c = $res->{c};
  $c->_settle unless $c->{in_pass} || $c->{dead};
}

sub headers_sent { $_[0]{header_sent} }

1;
