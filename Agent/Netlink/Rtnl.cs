namespace Babelwire.Agent.Netlink;

/// <summary>
/// rtnetlink numbers from the kernel's uapi headers (linux/netlink.h, linux/rtnetlink.h, linux/if_addr.h,
/// linux/if_link.h). Netlink integers are in host byte order; addresses inside attributes are in network order.
/// </summary>
internal static class Rtnl
{
    // linux/socket.h, linux/netlink.h: the socket.
    public const int AfInet = 2;
    public const int AfInet6 = 10;
    public const int AfNetlink = 16;
    public const int SockRaw = 3;
    public const int SockCloexec = 0x80000;
    public const int NetlinkRoute = 0;
    public const int SolSocket = 1;
    public const int SoSndbufForce = 32;
    public const int SoRcvbufForce = 33;
    public const int SolNetlink = 270;
    public const int NetlinkCapAck = 10;        // errors do not echo the whole request back
    public const int NetlinkExtAck = 11;        // errors carry the kernel's text (NLMSGERR_ATTR_MSG)
    public const int NetlinkGetStrictChk = 12;  // dump requests are checked and their header fields filter

    // linux/netlink.h: message types below 16 are control messages.
    public const ushort NlmsgNoop = 1;
    public const ushort NlmsgError = 2;
    public const ushort NlmsgDone = 3;
    public const ushort NlmsgOverrun = 4;

    // linux/netlink.h: nlmsg_flags.
    public const ushort NlmFRequest = 0x1;
    public const ushort NlmFMulti = 0x2;
    public const ushort NlmFAck = 0x4;
    public const ushort NlmFDumpIntr = 0x10;
    public const ushort NlmFDump = 0x300;       // NLM_F_ROOT | NLM_F_MATCH
    public const ushort NlmFReplace = 0x100;
    public const ushort NlmFExcl = 0x200;
    public const ushort NlmFCreate = 0x400;
    public const ushort NlmFAckTlvs = 0x200;    // on NLMSG_ERROR: extended-ack attributes follow
    public const ushort NlmFCapped = 0x100;     // on NLMSG_ERROR: the request's payload was not echoed
    public const ushort NlmsgerrAttrMsg = 1;

    // linux/rtnetlink.h: message types.
    public const ushort RtmNewLink = 16;
    public const ushort RtmGetLink = 18;
    public const ushort RtmNewAddr = 20;
    public const ushort RtmDelAddr = 21;
    public const ushort RtmGetAddr = 22;
    public const ushort RtmNewRoute = 24;
    public const ushort RtmDelRoute = 25;
    public const ushort RtmGetRoute = 26;

    // linux/rtnetlink.h: struct rtmsg fields and route attributes.
    public const byte RtTableMain = 254;
    public const byte RtnUnicast = 1;
    public const byte RtScopeUniverse = 0;
    public const byte RtScopeLink = 253;
    public const byte RtScopeNowhere = 255;     // on delete: any scope
    public const uint RtmFCloned = 0x200;
    public const ushort RtaDst = 1;
    public const ushort RtaOif = 4;
    public const ushort RtaGateway = 5;
    public const ushort RtaPriority = 6;
    public const ushort RtaMultipath = 9;
    public const ushort RtaTable = 15;

    // linux/if_addr.h: address attributes and flags.
    public const ushort IfaAddress = 1;
    public const ushort IfaLocal = 2;
    public const ushort IfaFlags = 8;
    public const ushort IfaProto = 11;          // Linux 5.18+: who added the address
    public const uint IfaFNodad = 0x02;
    public const byte IfaProtoKernelLinkLocal = 3;   // IFAPROT_KERNEL_LL: the link-local address generation made

    // linux/if_link.h, linux/if.h: link attributes and flags.
    public const ushort IflaIfname = 3;
    public const ushort IflaMtu = 4;
    public const ushort IflaAfSpec = 26;
    public const ushort IflaInet6AddrGenMode = 8;
    public const byte In6AddrGenModeNone = 1;
    public const uint IffUp = 0x1;
}
