using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Till.Ratios;

/// <summary>
/// A TCP proxy in front of PostgreSQL that counts what clients send. A round trip is a burst of
/// client bytes that follows bytes from the server (or the start): the client wrote and then
/// waited for an answer, however many messages it pipelined in the burst. Statements are Execute
/// messages (one per statement of the extended protocol) plus simple Query messages (Npgsql sends
/// BEGIN and COMMIT that way). Syncs, Parses and Binds are counted too. Nothing is changed on the way.
/// </summary>
internal static class PgWire
{
    private const int SslRequest = 80877103;
    private const int GssRequest = 80877104;
    private const int CancelRequest = 80877102;

    private static long connections, encrypted, bursts, syncs, queries, parses, binds, executes, bytesUp, bytesDown;

    public static async Task<int> RunAsync(string[] args)
    {
        var listen = Endpoint(Program.Required(args, "--listen"));
        var upstream = Endpoint(Program.Required(args, "--upstream"));
        var countersAt = Endpoint(Program.Required(args, "--counters"));
        var listener = new TcpListener(listen);
        listener.Start(512);
        var counters = new TcpListener(countersAt);
        counters.Start();
        Console.WriteLine($"pgwire: {listen} -> {upstream}; counters on http://{countersAt}/");
        _ = Task.Run(() => ServeCountersAsync(counters));
        while (true)
        {
            var client = await listener.AcceptTcpClientAsync();
            _ = Task.Run(() => ProxyAsync(client, upstream));
        }
    }

    private static IPEndPoint Endpoint(string text)
    {
        var colon = text.LastIndexOf(':');
        return new IPEndPoint(IPAddress.Parse(text[..colon]), int.Parse(text[(colon + 1)..], CultureInfo.InvariantCulture));
    }

    public static string CountersJson() => string.Create(CultureInfo.InvariantCulture,
        $$"""{"roundTrips":{{Interlocked.Read(ref bursts)}},"statements":{{Interlocked.Read(ref executes) + Interlocked.Read(ref queries)}},"syncs":{{Interlocked.Read(ref syncs)}},"simpleQueries":{{Interlocked.Read(ref queries)}},"parses":{{Interlocked.Read(ref parses)}},"binds":{{Interlocked.Read(ref binds)}},"executes":{{Interlocked.Read(ref executes)}},"connections":{{Interlocked.Read(ref connections)}},"encryptedConnections":{{Interlocked.Read(ref encrypted)}},"bytesToServer":{{Interlocked.Read(ref bytesUp)}},"bytesToClient":{{Interlocked.Read(ref bytesDown)}}}""");

    private static async Task ServeCountersAsync(TcpListener listener)
    {
        while (true)
        {
            using var client = await listener.AcceptTcpClientAsync();
            try
            {
                var stream = client.GetStream();
                var request = new byte[4096];
                var read = 0;
                // Read up to the end of the request head; the answer does not depend on it.
                while (read < request.Length && !Encoding.ASCII.GetString(request, 0, read).Contains("\r\n\r\n", StringComparison.Ordinal))
                {
                    var n = await stream.ReadAsync(request.AsMemory(read));
                    if (n == 0)
                    {
                        break;
                    }

                    read += n;
                }

                var body = Encoding.UTF8.GetBytes(CountersJson());
                var head = Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n");
                await stream.WriteAsync(head);
                await stream.WriteAsync(body);
            }
            catch (IOException)
            {
                // The client went away.
            }
        }
    }

    private static async Task ProxyAsync(TcpClient client, IPEndPoint upstreamAt)
    {
        Interlocked.Increment(ref connections);
        using (client)
        using (var server = new TcpClient())
        {
            client.NoDelay = true;
            server.NoDelay = true;
            try
            {
                await server.ConnectAsync(upstreamAt);
                var fromClient = client.GetStream();
                var toServer = server.GetStream();
                if (!await StartupAsync(fromClient, toServer))
                {
                    // Encrypted (or a cancel request): pass the bytes through without reading them.
                    await Task.WhenAny(CopyAsync(fromClient, toServer, up: true, null, null), CopyAsync(toServer, fromClient, up: false, null, null));
                    return;
                }

                // The start-up packet was the client's; what the client sends after the server's answer starts a round trip.
                var turn = new Turn { ClientSpokeLast = 1 };
                await Task.WhenAny(CopyAsync(fromClient, toServer, up: true, new MessageCounter(), turn), CopyAsync(toServer, fromClient, up: false, null, turn));
            }
            catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
            {
                // Either side closed the connection.
            }
        }
    }

    /// <summary>Forwards the untyped start-up packets; false when the connection switched to TLS or GSS, or was a cancel request.</summary>
    private static async Task<bool> StartupAsync(NetworkStream client, NetworkStream server)
    {
        var header = new byte[8];
        while (true)
        {
            await client.ReadExactlyAsync(header);
            var length = BinaryPrimitives.ReadInt32BigEndian(header);
            var code = BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(4));
            var rest = new byte[length - 8];
            await client.ReadExactlyAsync(rest);
            await server.WriteAsync(header);
            await server.WriteAsync(rest);
            Interlocked.Add(ref bytesUp, length);
            if (code is SslRequest or GssRequest)
            {
                var answer = new byte[1];
                await server.ReadExactlyAsync(answer);
                await client.WriteAsync(answer);
                if (answer[0] is (byte)'S' or (byte)'G')
                {
                    Interlocked.Increment(ref encrypted);
                    return false;
                }

                continue;
            }

            return code != CancelRequest;
        }
    }

    /// <summary>Which side of a connection sent bytes last (1 = the client).</summary>
    private sealed class Turn
    {
        public int ClientSpokeLast;
    }

    private static async Task CopyAsync(NetworkStream from, NetworkStream to, bool up, MessageCounter? counter, Turn? turn)
    {
        var buffer = new byte[65536];
        while (true)
        {
            var n = await from.ReadAsync(buffer);
            if (n == 0)
            {
                to.Socket.Shutdown(SocketShutdown.Send);
                return;
            }

            Interlocked.Add(ref up ? ref bytesUp : ref bytesDown, n);
            counter?.Feed(buffer.AsSpan(0, n));
            if (turn is not null)
            {
                if (!up)
                {
                    Volatile.Write(ref turn.ClientSpokeLast, 0);
                }
                else if (Interlocked.Exchange(ref turn.ClientSpokeLast, 1) == 0)
                {
                    Interlocked.Increment(ref bursts);
                }
            }

            await to.WriteAsync(buffer.AsMemory(0, n));
        }
    }

    /// <summary>Splits a client's byte stream into typed messages (a type byte and a 4-byte length that counts itself) and counts them.</summary>
    private sealed class MessageCounter
    {
        private readonly byte[] header = new byte[5];
        private int headerFill;
        private long remaining;

        public void Feed(ReadOnlySpan<byte> data)
        {
            while (data.Length > 0)
            {
                if (remaining > 0)
                {
                    var skip = (int)Math.Min(remaining, data.Length);
                    remaining -= skip;
                    data = data[skip..];
                    continue;
                }

                var take = Math.Min(5 - headerFill, data.Length);
                data[..take].CopyTo(header.AsSpan(headerFill));
                headerFill += take;
                data = data[take..];
                if (headerFill < 5)
                {
                    return;
                }

                headerFill = 0;
                remaining = BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(1)) - 4;
                switch ((char)header[0])
                {
                    case 'S': Interlocked.Increment(ref syncs); break;
                    case 'Q': Interlocked.Increment(ref queries); break;
                    case 'P': Interlocked.Increment(ref parses); break;
                    case 'B': Interlocked.Increment(ref binds); break;
                    case 'E': Interlocked.Increment(ref executes); break;
                    default: break;
                }
            }
        }
    }
}
