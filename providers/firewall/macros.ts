// The TCP destination ports of PVE's firewall macros ($pve_fw_macros in PVE::Firewall, 5.1):
// what a macro rule such as SSH(DROP) matches for a TCP connection. Macros with no TCP part
// (Ping, DHCPfwd, IPsec, ...) are absent: they never match one.
export const MACRO_TCP_PORTS: Readonly<Record<string, string>> = {
  Amanda: "10080", Auth: "113", BGP: "179", BitTorrent: "6881:6889", BitTorrent32: "6881:6999",
  Ceph: "6789,3300,6800:7300", CVS: "2401", Citrix: "1494,2598", DAAP: "3689", DCC: "6277", DNS: "53",
  Distcc: "3632", FTP: "21", Finger: "79", GNUnet: "2086,1080", Git: "9418", HKP: "11371", HTTP: "80",
  HTTPS: "443", ICQ: "5190", IMAP: "143", IMAPS: "993", IRC: "6667", Jetdirect: "9100", LDAP: "389",
  LDAPS: "636", MSNP: "1863", MSSQL: "1433", Mail: "25,465,587", Munin: "4949", MySQL: "3306",
  NNTP: "119", NNTPS: "563", PCA: "5631", PMG: "8006", POP3: "110", POP3S: "995", PPtP: "1723",
  PostgreSQL: "5432", Printer: "515", RDP: "3389", RNDC: "953", Razor: "2703", Rdate: "37",
  Rsync: "873", SANE: "6566", SMB: "135,139,445", SMBswat: "901", SMTP: "25", SMTPS: "465",
  SNMP: "161", SPAMD: "783", SSH: "22", SVN: "3690", SixXS: "3874", SPICEproxy: "3128", Squid: "3128",
  Submission: "587", Syslog: "514", Telnet: "23", Telnets: "992", Time: "37", VNC: "5900:5999",
  VNCL: "5500", Web: "80,443", Webcache: "8080", Webmin: "10000", Whois: "43",
};
