package KubesimHttpd;

# URLs as Node's URL and URLSearchParams parse them (WHATWG), and the UTF-8 decoder they use.
# Part of KubesimHttpd (see KubesimHttpd.pm), compiled only by the images that use it.

use strict;

BEGIN { require KubesimHttpd }    # the constants

# Bytes to characters as the WHATWG UTF-8 decoder does: each maximal invalid subpart becomes U+FFFD.
sub utf8_lossy {
  my ($b) = @_;
  my $out = '';
  while (
    $b =~ /\G(?:([\x00-\x7f]+)
      |([\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}|\xed[\x80-\x9f][\x80-\xbf]
        |\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}|\xf4[\x80-\x8f][\x80-\xbf]{2})
      |(\xe0[\xa0-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]|\xed[\x80-\x9f]|\xf0[\x90-\xbf][\x80-\xbf]?
        |[\xf1-\xf3][\x80-\xbf]{1,2}|\xf4[\x80-\x8f][\x80-\xbf]?|[\x80-\xff]))/gcx
  ) {
    if (defined $1) { $out .= $1 }
    elsif (defined $2) { my $s = $2; utf8::decode($s); $out .= $s }
    else { $out .= "\x{fffd}" }
  }
  return $out;
}

my %SPECIAL = (http => 80, https => 443, ws => 80, wss => 443, ftp => 21, file => undef);

sub _pct_encode {
  my ($s, $set) = @_;
  utf8::encode($s) if utf8::is_utf8($s);
  my $re = $set eq '' ? qr/([^\x21-\x7e])/ : qr/([^\x21-\x7e]|[\Q$set\E])/;
  $s =~ s/$re/sprintf('%%%02X', ord $1)/ge;
  return $s;
}

sub _single_dot { $_[0] eq '.' || lc($_[0]) eq '%2e' }
sub _double_dot { my $s = lc $_[0]; $s eq '..' || $s eq '.%2e' || $s eq '%2e.' || $s eq '%2e%2e' }

sub _parse_path {
  my ($p, $special) = @_;
  return '' if $p eq '' && !$special;
  $p =~ s{\A[/\\]}{} if $special;
  $p =~ s{\A/}{} if !$special;
  my @parts = $p eq '' ? ('') : split($special ? qr{[/\\]} : qr{/}, $p, -1);
  my @segs;
  for my $i (0 .. $#parts) {
    my ($b, $last) = ($parts[$i], $i == $#parts);
    if (_double_dot($b)) { pop @segs; push @segs, '' if $last }
    elsif (_single_dot($b)) { push @segs, '' if $last }
    else { push @segs, _pct_encode($b, q{ "#<>?`{}}) }
  }
  return '/' . join('/', @segs);
}

sub _parse_ipv4 {
  my ($h) = @_;
  my @parts = split /\./, $h, -1;
  pop @parts if @parts > 1 && $parts[-1] eq '';
  return undef if @parts > 4;
  my @n;
  for my $p (@parts) {
    return undef if $p eq '';
    if ($p =~ /\A0[xX]([0-9a-fA-F]*)\z/) { push @n, $1 eq '' ? 0 : hex $1 }
    elsif ($p =~ /\A0([0-7]+)\z/) { push @n, oct $1 }
    elsif ($p =~ /\A(?:0|[1-9]\d*)\z/) { push @n, $p + 0 }
    else { return undef }
  }
  for my $i (0 .. $#n - 1) { return undef if $n[$i] > 255 }
  return undef if $n[-1] >= 256**(5 - @n);
  my $v = $n[-1];
  $v += $n[$_] * 256**(3 - $_) for 0 .. $#n - 1;
  return join('.', map { ($v >> (8 * (3 - $_))) & 255 } 0 .. 3);
}

# The host of a URL as Node serializes it, or undef when the URL parser would throw.
sub _parse_host {
  my ($h, $special) = @_;
  if ($h =~ /\A\[(.*)\]\z/s) {
    my $a = _pton6($1);
    return undef unless $a;
    return '[' . _ntop(AF_INET6, $a) . ']';
  }
  if (!$special) {
    return undef if $h =~ m{[\x00\t\n\r #/:<>?\@\[\\\]^|]};
    return _pct_encode($h, '');
  }
  return undef if $h eq '';
  (my $d = $h) =~ s/%([0-9A-Fa-f]{2})/chr hex $1/ge;
  $d = lc $d;
  return undef if $d =~ m{[\x00-\x20#%/:<>?\@\[\\\]^|\x7f]} || $d =~ /[^\x00-\x7f]/;
  my @labels = split /\./, $d, -1;
  pop @labels if @labels > 1 && $labels[-1] eq '';
  if (@labels && $labels[-1] =~ /\A(?:\d+|0[xX][0-9a-fA-F]*)\z/) {
    my $ip = _parse_ipv4($d);
    return $ip;
  }
  return $d;
}

# new URL(url, base): { protocol, host, hostname, port, pathname, search } or undef (TypeError).
# The request URLs kubesim's images see are printable ASCII (llhttp rejects anything else).
sub parse_url {
  my ($url, $base) = @_;
  my ($scheme, $rest);
  if ($url =~ /\A([A-Za-z][A-Za-z0-9+.\-]*):(.*)\z/s) {
    ($scheme, $rest) = (lc $1, $2);
  } elsif (defined $base) {
    my $b = parse_url($base) or return undef;
    $scheme = substr($b->{protocol}, 0, -1);
    my $special = exists $SPECIAL{$scheme};
    if ($url =~ m{\A[/\\]{2}} && ($special || $url =~ m{\A//})) {
      $rest = $url;
    } else {
      # A path relative to the base's "/".
      my ($path, $query) = $url =~ /\A([^?#]*)(?:\?([^#]*))?/s;
      $path = "/$path" unless $path =~ m{\A/} || ($special && $path =~ m{\A\\});
      return { %$b, pathname => _parse_path($path, $special), search => _search($query, $special) };
    }
  } else {
    return undef;
  }
  my $special = exists $SPECIAL{$scheme};
  my ($auth, $tail);
  if ($special) {
    ($auth, $tail) = $rest =~ m{\A[/\\]*([^/\\?#]*)(.*)\z}s;
  } elsif ($rest =~ m{\A//([^/?#]*)(.*)\z}s) {
    ($auth, $tail) = ($1, $2);
  } else {
    my ($path, $query) = $rest =~ /\A([^?#]*)(?:\?([^#]*))?/s;
    return { protocol => "$scheme:", host => '', hostname => '', port => '', pathname => _pct_encode($path, ''),
      search => _search($query, 0) };
  }
  $auth =~ s/\A.*\@//s;
  my ($host, $port) = ($auth, '');
  if ($auth =~ /\A(.*?):([^:\]]*)\z/s) { ($host, $port) = ($1, $2) }
  return undef if $port ne '' && ($port !~ /\A\d+\z/ || $port > 65535);
  $port = $port eq '' ? '' : $port + 0;
  $port = '' if $special && defined $SPECIAL{$scheme} && $port ne '' && $port == $SPECIAL{$scheme};
  my $hn = _parse_host($host, $special);
  return undef unless defined $hn;
  my ($path, $query) = $tail =~ /\A([^?#]*)(?:\?([^#]*))?/s;
  return {
    protocol => "$scheme:",
    hostname => $hn,
    port     => $port,
    host     => $port eq '' ? $hn : "$hn:$port",
    pathname => _parse_path($path, $special),
    search   => _search($query, $special),
  };
}

sub _search {
  my ($q, $special) = @_;
  return '' if !defined $q || $q eq '';
  return '?' . _pct_encode($q, $special ? q{ "#<>'} : q{ "#<>});
}

# URLSearchParams(search) as a list of [name, value] (characters).
sub search_params {
  my ($search) = @_;
  $search =~ s/\A\?//;
  my @out;
  for my $pair (split /&/, $search) {
    next if $pair eq '';
    my ($n, $v) = split /=/, $pair, 2;
    $v //= '';
    for ($n, $v) { tr/+/ /; s/%([0-9A-Fa-f]{2})/chr hex $1/ge; $_ = utf8_lossy($_) }
    push @out, [$n, $v];
  }
  return @out;
}

# URLSearchParams.get(name): the first value, or undef (null).
sub param {
  my ($search, $name) = @_;
  for (search_params($search)) { return $_->[1] if $_->[0] eq $name }
  return undef;
}

1;
