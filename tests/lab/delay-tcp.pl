#!/usr/bin/perl
# The TCP half of the lab's delayed resolver front (lab.sh delay-start).
# dnsdist 1.7's DelayAction holds back UDP responses only (and dnsdist
# always listens on TCP too), so the front's dnsdist sends queries that came
# over TCP to this relay instead of to the resolver. Every byte the resolver
# sends back is held DELAY_MS before it is passed on, so a TCP query costs
# the same injected round trip as a UDP one. One process, one select loop.
#
# Usage: delay-tcp.pl LISTEN_ADDR:PORT UPSTREAM_ADDR:PORT DELAY_MS
use strict;
use warnings;
use IO::Socket::INET;
use IO::Select;
use Time::HiRes qw(time);

my ($listen, $upstream, $ms) = @ARGV;
die "usage: $0 LISTEN:PORT UPSTREAM:PORT DELAY_MS\n" unless defined $ms;
my $delay = $ms / 1000;
my $srv = IO::Socket::INET->new(LocalAddr => $listen, Proto => 'tcp', Listen => 128, ReuseAddr => 1)
	or die "delay-tcp: cannot listen on $listen: $!\n";
$SIG{TERM} = sub { exit 0 };
$SIG{PIPE} = 'IGNORE';

my $sel = IO::Select->new($srv);
my %conn;  # client socket (as a string) -> {c => client, u => upstream, held => [[due, bytes]]}
my %of;    # upstream socket (as a string) -> its client's key

sub drop {
	my $k = shift;
	my $x = delete $conn{$k} or return;
	for my $s (grep { defined } $x->{c}, $x->{u}) {
		$sel->remove($s);
		close $s;
	}
	delete $of{"$x->{u}"} if $x->{u};
}

while (1) {
	# hand over what is due, and find when the next held bytes are
	my $now = time;
	my $next;
	for my $k (keys %conn) {
		my $x = $conn{$k};
		while (@{$x->{held}} && $x->{held}[0][0] <= $now) {
			my $bytes = (shift @{$x->{held}})->[1];
			if (!defined $bytes) { drop($k); last }
			syswrite($x->{c}, $bytes);
		}
		next unless $conn{$k} && @{$x->{held}};
		$next = $x->{held}[0][0] if !defined $next || $x->{held}[0][0] < $next;
	}
	my $wait = defined $next ? $next - time : undef;
	$wait = 0 if defined $wait && $wait < 0;
	for my $s ($sel->can_read($wait)) {
		if ($s == $srv) {
			my $c = $srv->accept or next;
			my $u = IO::Socket::INET->new(PeerAddr => $upstream, Proto => 'tcp');
			if (!$u) { close $c; next }
			$conn{"$c"} = { c => $c, u => $u, held => [] };
			$of{"$u"} = "$c";
			$sel->add($c, $u);
			next;
		}
		my $n = sysread($s, my $buf, 65536);
		if (my $x = $conn{"$s"}) {
			# from the client: pass it on at once
			if (!$n) { drop("$s"); next }
			syswrite($x->{u}, $buf) if $x->{u};
		} elsif (my $k = $of{"$s"}) {
			# from the resolver: hold it, EOF too (so it cannot overtake data)
			push @{$conn{$k}{held}}, [time + $delay, $n ? $buf : undef];
			if (!$n) {
				$sel->remove($s);
				close $s;
				delete $of{"$s"};
				$conn{$k}{u} = undef;
			}
		}
	}
}
