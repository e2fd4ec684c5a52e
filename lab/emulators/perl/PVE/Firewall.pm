package PVE::Firewall;
# The lab's stand-in for PVE's PVE::Firewall module: the loaders Phoenix's firewall file checks
# call (set_verbose, load_clusterfw_conf, load_hostfw_conf, load_vmfw_conf), reading the file with the
# pve-firewall emulator's parser and emitting its warnings through warn(), as the real module
# does in verbose mode. It returns no parsed configuration (docs/lab.md).
use strict;
use warnings;

my $emulator = $ENV{PHOENIX_LAB_PVE_FIREWALL} // '/usr/local/sbin/pve-firewall';

sub set_verbose { return; }

sub _load {
    my ($env, $file) = @_;
    open(my $fh, '-|', $emulator, 'lab-parse', $env, $file) or die "cannot run $emulator: $!\n";
    while (my $line = <$fh>) { warn $line; }
    close($fh) or die "$emulator lab-parse failed\n";
    return {};
}

sub load_clusterfw_conf { my ($file) = @_; return _load('cluster', $file // '/etc/pve/firewall/cluster.fw'); }

sub load_hostfw_conf { my ($cluster, $file) = @_; return _load('host', $file // '/etc/pve/local/host.fw'); }

# As PVE's: the guest file is <dir>/<vmid>.fw, parsed in the rule environment 'ct' or 'vm'.
sub load_vmfw_conf {
    my ($cluster, $rule_env, $vmid, $dir) = @_;
    return _load($rule_env, ($dir // '/etc/pve/firewall') . "/$vmid.fw");
}

1;
