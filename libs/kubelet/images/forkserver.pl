# kubesim's fork server: one per container runtime, a child of the kubelet. It compiles the
# built-in images' shared code once (KubesimHttpd and its parts, ~1,400 lines), then starts each
# container of a built-in image by forking itself: the child becomes the container's first
# process and runs the image's program as `perl program.pl args` would, without compiling that code
# again. Compiling is most of what a fresh perl spends (~6 of ~8 ms of CPU for kubia), and 100
# pods may start at once on a 2-core machine.
#
# A child is what a spawned process is: its own process group, stdin /dev/null, stdout and stderr
# the write ends of two FIFOs the kubelet reads (the CRI log), the container's environment,
# working directory, argv and $0, every signal as a fresh perl has it. It stays in this server's
# session: with Linux's autogroup scheduling every session is one group that gets an equal share
# of the CPU, so a node's containers weigh as one group against the kubelet and the control plane,
# as Kubernetes puts every pod under one `kubepods` cgroup (a session each would let a burst of
# 30 starting containers have 30 shares against the apiserver's one).
#
# Protocol, over this process's stdin and stdout (the kubelet's pipes):
#   requests   "<byte length>\n<fields joined by NUL>"
#     start NUL id NUL script NUL cwd NUL stdout-fifo NUL stderr-fifo NUL argc NUL args... NUL env(K=V)...
#     attached NUL id       the kubelet has opened the FIFOs: this process lets go of them
#   replies, a line each
#     started <id> <pid> | failed <id> <message> | exit <pid> <exit code> <signal number>
#   "started" comes once the child is set up as the container's first process, the leader of its
#   own process group, about to run the program (it says so through a pipe, as a spawn
#   returns once the child has exec'd), so that the kubelet can signal its group at once; the server
#   forks on meanwhile.
# End of file on stdin (the kubelet is gone) ends this process, and it SIGKILLs the process groups
# of the containers still running (as the kubelet's watchdog does too).
use strict;
BEGIN { unshift @INC, __FILE__ =~ m{\A(.*)/}s ? $1 : '.' }    # KubesimHttpd.pm is beside this file
use POSIX ();
use KubesimHttpd ();
BEGIN { require KubesimHttpd::Url; require KubesimHttpd::Net }

# The built-in images' programs (every images/*.pl but this one), compiled here once too, each
# as the body of a sub `__main__` in a package of its own (their subs and imports cannot clash). A
# child calls it once, which is what `do program.pl` would run: compiling it in each child cost
# ~0.5 ms of CPU, most of it copy-on-write faults on the pages the compiler wrote. A program that
# does not compile here is left to `do` in the child, which reports the error as perl would.
# Signal handlers that a program's BEGIN blocks install (kubia-unhealthy ignores SIGTERM from its
# first line) are taken back from this process and installed in its children instead.
# By path: { main => the compiled program, sig => { signal name => handler } }.
my %program;
{
  my $dir = __FILE__ =~ m{\A(.*)/}s ? $1 : '.';
  my $n = 0;
  for my $script (glob "$dir/*.pl") {
    next if $script =~ m{/forkserver\.pl\z};
    open my $fh, '<', $script or next;
    my $code = do { local $/; <$fh> };
    close $fh;
    my $pkg = 'KubesimProgram' . ++$n;
    # A named sub of the program that uses its file-scoped lexicals would warn that they "will not
    # stay shared": __main__ runs once per process, so they are.
    local $SIG{__WARN__} = sub { };
    my %before = map { $_ => $SIG{$_} } grep { $_ ne '__WARN__' } keys %SIG;
    my $main = eval "package $pkg; sub __main__ {\n#line 1 \"$script\"\n$code\n}\n\\&${pkg}::__main__";
    my %set;
    for my $sig (keys %before) {
      my ($was, $now) = map { defined $_ ? "$_" : '' } $before{$sig}, $SIG{$sig};
      next if $was eq $now;
      $set{$sig} = $SIG{$sig};
      $SIG{$sig} = $before{$sig};
    }
    $program{$script} = { main => $main, sig => \%set } if ref $main eq 'CODE';
  }
}

# The FIFOs of started containers, held open until the kubelet has opened them (so that nothing a
# container writes before that is lost, and its end of file comes only when it is done).
my %held;
# Containers started and not yet reaped.
my %running;
# Children forked and not yet set up (see "started" above), by the read end of their pipe: { fh, id, pid }.
my %settling;
# The folder of the FIFOs (from the requests): removed at the end if empty, so that a kubelet
# killed for good leaves no folder behind on the tmpfs.
my $fifo_dir;
my $stop = 0;

$SIG{CHLD} = sub { };    # only to interrupt select(2)
$SIG{TERM} = $SIG{INT} = sub { $stop = 1 };

sub reply {
  my $msg = "$_[0]\n";
  while (length $msg) {
    my $n = syswrite STDOUT, $msg;
    if (!defined $n) { next if $!{EINTR} || $!{EAGAIN}; exit 0 }
    substr($msg, 0, $n) = '';
  }
}

sub release {
  my ($id) = @_;
  my $h = delete $held{$id} or return;
  close $_ for @{ $h->{fds} };
  unlink @{ $h->{paths} };
}

# The child is set up (or gone): the kubelet may have its pid.
sub settled {
  my ($fd) = @_;
  my $c = delete $settling{$fd} or return;
  close $c->{fh};
  reply("started $c->{id} $c->{pid}");
}

sub reap {
  while ((my $pid = waitpid(-1, POSIX::WNOHANG())) > 0) {
    my $st = $?;
    delete $running{$pid};
    # One that died before it said so was started all the same: that comes first.
    for my $fd (grep { $settling{$_}{pid} == $pid } keys %settling) { settled($fd) }
    reply('exit ' . $pid . ' ' . ($st >> 8) . ' ' . ($st & 127));
  }
}

sub start {
  my ($id, $script, $cwd, $out, $err, $argc, @rest) = @_;
  my @args = splice @rest, 0, $argc;
  # Per FIFO: a read-write descriptor this process holds (so that opening the write end cannot
  # block, and what is written stays until the kubelet reads), and the write end for the child.
  my (@held, @ends);
  # The folder goes when a server ends; a server of the same root dir may be starting meanwhile.
  ($fifo_dir) = $out =~ m{\A(.*)/}s;
  for my $fifo ($out, $err) {
    unlink $fifo;
    my ($rw, $w);
    my $made = POSIX::mkfifo($fifo, 0600);
    if (!$made && $!{ENOENT} && defined $fifo_dir) {
      mkdir $fifo_dir, 0700;
      $made = POSIX::mkfifo($fifo, 0600);
    }
    unless ($made && sysopen($rw, $fifo, POSIX::O_RDWR()) && sysopen($w, $fifo, POSIX::O_WRONLY())) {
      my $e = "$fifo: $!";
      close $_ for grep { defined } @held, @ends, $rw;
      unlink $out, $err;
      return reply("failed $id $e");
    }
    push @held, $rw;
    push @ends, $w;
  }
  $held{$id} = { fds => \@held, paths => [$out, $err] };
  my ($sr, $sw);
  unless (pipe $sr, $sw) {
    my $e = "pipe: $!";
    close $_ for @ends;
    release($id);
    return reply("failed $id $e");
  }
  my $pid = fork;
  if (!defined $pid) {
    my $e = "fork: $!";
    close $_ for @ends, $sr, $sw;
    release($id);
    return reply("failed $id $e");
  }
  if ($pid == 0) {
    close $sr;
    child($script, $cwd, \@ends, $sw, \@args, \@rest);
  }
  $running{$pid} = 1;
  close $_ for @ends, $sw;
  $settling{ fileno $sr } = { fh => $sr, id => $id, pid => $pid };
}

sub child {
  my ($script, $cwd, $ends, $settled, $args, $env) = @_;
  $SIG{$_} = 'DEFAULT' for qw(CHLD TERM INT);
  my $program = $program{$script};
  if ($program) { $SIG{$_} = $program->{sig}{$_} for keys %{ $program->{sig} } }
  POSIX::setpgid(0, 0);
  close $_->{fh} for values %settling;
  %settling = ();
  # stdout and stderr are write ends only, as a pipe's: a reader gone means EPIPE, not a stall.
  open(my $null, '<', '/dev/null') or POSIX::_exit(127);
  POSIX::dup2(fileno $null, 0);
  POSIX::dup2(fileno $ends->[0], 1);
  POSIX::dup2(fileno $ends->[1], 2);
  close $_ for $null, @$ends, map { @{ $_->{fds} } } values %held;
  %held = ();
  %running = ();
  %ENV = map { split /=/, $_, 2 } @$env;
  unless (chdir $cwd) { print STDERR "chdir $cwd: $!\n"; POSIX::_exit(128) }
  @ARGV = @$args;
  $0 = join ' ', $^X, $script, @$args;
  srand();
  # Set up as the container's first process: the server may report it started.
  syswrite $settled, '.';
  close $settled;
  $@ = '';
  if ($program) { eval { $program->{main}->(); 1 } }
  else { do $script }
  if ($@) {
    # What perl prints and returns for an uncaught die.
    print STDERR $@;
    POSIX::_exit(($! + 0) || (($? >> 8) & 255) || 255);
  }
  exit 0;
}

my $buf = '';
until ($stop) {
  reap();
  my $rin = '';
  vec($rin, $_, 1) = 1 for 0, keys %settling;
  my $n = select(my $rout = $rin, undef, undef, 0.25);
  next unless $n && $n > 0;
  for my $fd (keys %settling) { settled($fd) if vec($rout, $fd, 1) }
  next unless vec($rout, 0, 1);
  my $r = sysread STDIN, $buf, 65536, length $buf;
  if (!defined $r) { next if $!{EINTR} || $!{EAGAIN}; last }
  last if $r == 0;
  while ($buf =~ /\A(\d+)\n/ && length($buf) >= length($1) + 1 + $1) {
    my $len = $1;
    my $msg = substr $buf, length($len) + 1, $len;
    substr($buf, 0, length($len) + 1 + $len) = '';
    my ($cmd, @f) = split /\0/, $msg, -1;
    if ($cmd eq 'start') { start(@f) }
    elsif ($cmd eq 'attached') { release($f[0]) }
  }
}
release($_) for keys %held;
rmdir $fifo_dir if defined $fifo_dir;
# Their groups, and each by its pid too (one still settling has no group of its own yet).
kill 'KILL', -$_, $_ for keys %running;
POSIX::_exit(0);
