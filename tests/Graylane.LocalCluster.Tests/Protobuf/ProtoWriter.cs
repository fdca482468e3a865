using System.Text;

namespace Graylane.LocalCluster.Tests.Protobuf;

/// <summary>Builds protobuf bytes by hand (for bodies the fixtures do not have, e.g. zero values), and kubectl's envelope.</summary>
internal sealed class ProtoWriter
{
    private readonly MemoryStream _bytes = new();

    public ProtoWriter Varint(int field, long value)
    {
        Raw((ulong)(field << 3));
        Raw((ulong)value);
        return this;
    }

    public ProtoWriter String(int field, string value) => Bytes(field, Encoding.UTF8.GetBytes(value));

    public ProtoWriter Message(int field, ProtoWriter message) => Bytes(field, message.ToArray());

    public ProtoWriter Bytes(int field, byte[] value)
    {
        Raw((ulong)((field << 3) | 2));
        Raw((ulong)value.Length);
        _bytes.Write(value);
        return this;
    }

    public byte[] ToArray() => _bytes.ToArray();

    /// <summary>"k8s\0" + runtime.Unknown{typeMeta{apiVersion, kind}, raw}.</summary>
    public static byte[] Envelope(string apiVersion, string kind, ProtoWriter obj)
    {
        var unknown = new ProtoWriter()
            .Message(1, new ProtoWriter().String(1, apiVersion).String(2, kind))
            .Message(2, obj);
        return [0x6b, 0x38, 0x73, 0x00, .. unknown.ToArray()];
    }

    private void Raw(ulong value)
    {
        while (value >= 0x80)
        {
            _bytes.WriteByte((byte)(value | 0x80));
            value >>= 7;
        }
        _bytes.WriteByte((byte)value);
    }
}
