using System.Runtime.InteropServices;

namespace Babelwire.Agent.Netlink;

/// <summary>Host-order reads and writes (netlink is not a network-order protocol).</summary>
internal static class NativeEndian
{
    public static void WriteUInt16(Span<byte> destination, ushort value) => MemoryMarshal.Write(destination, in value);

    public static void WriteUInt32(Span<byte> destination, uint value) => MemoryMarshal.Write(destination, in value);

    public static void WriteInt32(Span<byte> destination, int value) => MemoryMarshal.Write(destination, in value);

    public static ushort ReadUInt16(ReadOnlySpan<byte> source) => MemoryMarshal.Read<ushort>(source);

    public static uint ReadUInt32(ReadOnlySpan<byte> source) => MemoryMarshal.Read<uint>(source);

    public static int ReadInt32(ReadOnlySpan<byte> source) => MemoryMarshal.Read<int>(source);
}
