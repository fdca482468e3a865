namespace Graylane.LocalCluster.Protobuf;

/// <summary>Reads the protobuf wire format: tags, varints, fixed 32/64-bit values and length-delimited bytes.</summary>
internal sealed class WireReader(ReadOnlyMemory<byte> data)
{
    private int _position;

    public bool AtEnd => _position >= data.Length;

    /// <summary>The next field's number and wire type (0 varint, 1 fixed64, 2 length-delimited, 5 fixed32).</summary>
    public (int Field, int WireType) ReadTag()
    {
        var tag = ReadVarint();
        var field = (int)(tag >> 3);
        if (field <= 0) throw new ProtobufFormatException($"invalid field number {field} at byte {_position}");
        return (field, (int)(tag & 7));
    }

    public ulong ReadVarint()
    {
        ulong result = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (_position >= data.Length) throw new ProtobufFormatException("unexpected end of data in a varint");
            var b = data.Span[_position++];
            result |= (ulong)(b & 0x7f) << shift;
            if ((b & 0x80) == 0) return result;
        }
        throw new ProtobufFormatException("varint longer than 10 bytes");
    }

    public ReadOnlyMemory<byte> ReadBytes()
    {
        var length = ReadVarint();
        if (length > (ulong)(data.Length - _position)) throw new ProtobufFormatException($"length {length} runs past the end of the data");
        var bytes = data.Slice(_position, (int)length);
        _position += (int)length;
        return bytes;
    }

    public ulong ReadFixed64()
    {
        if (data.Length - _position < 8) throw new ProtobufFormatException("unexpected end of data in a fixed64");
        var v = System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(data.Span[_position..]);
        _position += 8;
        return v;
    }

    public uint ReadFixed32()
    {
        if (data.Length - _position < 4) throw new ProtobufFormatException("unexpected end of data in a fixed32");
        var v = System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(data.Span[_position..]);
        _position += 4;
        return v;
    }

    /// <summary>Skips a field of an unknown number, as protobuf decoders do.</summary>
    public void Skip(int wireType)
    {
        switch (wireType)
        {
            case 0: ReadVarint(); break;
            case 1: ReadFixed64(); break;
            case 2: ReadBytes(); break;
            case 5: ReadFixed32(); break;
            default: throw new ProtobufFormatException($"unsupported wire type {wireType}");
        }
    }
}

/// <summary>The bytes are not a valid protobuf encoding.</summary>
internal sealed class ProtobufFormatException(string message) : Exception(message);
