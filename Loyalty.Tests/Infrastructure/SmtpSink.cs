using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using MimeKit;

namespace Loyalty.Tests.Infrastructure;

/// <summary>
/// A real SMTP server on a free loopback port: Debian's python3 with aiosmtpd, started per test. Every accepted message is
/// written to a file (envelope recipients first), so tests read exactly what arrived. Recipients starting with
/// "reject" get 550, "busy" get 451, to exercise permanent and temporary refusals. With <c>holdFrom</c>, the server stops
/// answering DATA once it has accepted that many messages: each further message is held unanswered (never written, never
/// acknowledged, a <c>.held</c> marker instead) until <see cref="Release"/>, so a test can kill a sender at a known point.
/// </summary>
public sealed class SmtpSink : IAsyncDisposable
{
    private const string Script = """
        import asyncio, itertools, os, sys
        from aiosmtpd.controller import Controller

        class Handler:
            def __init__(self, folder, hold_from):
                self.folder = folder
                self.counter = itertools.count()
                self.hold_from = hold_from
                self.release = os.path.join(folder, 'RELEASE')
            async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
                if address.startswith('reject'):
                    return '550 5.1.1 Mailbox unavailable'
                if address.startswith('busy'):
                    return '451 4.3.0 Try again later'
                envelope.rcpt_tos.append(address)
                return '250 OK'
            async def handle_DATA(self, server, session, envelope):
                n = next(self.counter)
                if self.hold_from >= 0 and n >= self.hold_from and not os.path.exists(self.release):
                    open(os.path.join(self.folder, '%08d.held' % n), 'w').close()
                    while not os.path.exists(self.release):
                        await asyncio.sleep(0.02)
                    return '451 4.3.0 Held by the test'
                tmp = os.path.join(self.folder, '%08d.tmp' % n)
                with open(tmp, 'wb') as f:
                    f.write(b'X-Envelope-To: ' + ','.join(envelope.rcpt_tos).encode() + b'\r\n')
                    f.write(envelope.original_content or envelope.content)
                os.rename(tmp, os.path.join(self.folder, '%08d.eml' % n))
                return '250 OK'

        controller = Controller(Handler(sys.argv[1], int(sys.argv[3])), hostname='127.0.0.1', port=int(sys.argv[2]))
        controller.start()
        print('READY', flush=True)
        try:
            sys.stdin.read()
        finally:
            controller.stop()
        """;

    private readonly Process _process;

    private SmtpSink(Process process, string folder, int port)
    {
        _process = process;
        Folder = folder;
        Port = port;
    }

    public string Folder { get; }
    public int Port { get; }

    public static async Task<SmtpSink> StartAsync(int? holdFrom = null)
    {
        var folder = Directory.CreateTempSubdirectory("smtp-sink-").FullName;
        // The script lives beside the messages so that disposing the sink removes both.
        var script = Path.Combine(folder, "sink.py");
        await File.WriteAllTextAsync(script, Script);
        var port = FreePort();
        var info = new ProcessStartInfo("/usr/bin/python3", [script, folder, port.ToString(), (holdFrom ?? -1).ToString()])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false,
        };
        var process = Process.Start(info) ?? throw new InvalidOperationException("python3 did not start");
        var ready = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(20));
        if (ready != "READY")
            throw new InvalidOperationException("aiosmtpd did not start: " + await process.StandardError.ReadToEndAsync());
        return new SmtpSink(process, folder, port);
    }

    /// <summary>Messages accepted (answered 250).</summary>
    public int Count => Directory.EnumerateFiles(Folder, "*.eml").Count();

    /// <summary>Messages whose DATA is being held unanswered (see holdFrom).</summary>
    public int Held => Directory.EnumerateFiles(Folder, "*.held").Count();

    /// <summary>Held messages are refused with 451 (their senders are usually dead by then); new ones are accepted again.</summary>
    public void Release() => File.WriteAllText(Path.Combine(Folder, "RELEASE"), "");

    public IReadOnlyList<(string EnvelopeTo, MimeMessage Message)> Messages() =>
        Directory.EnumerateFiles(Folder, "*.eml").Order().Select(path =>
        {
            using var stream = File.OpenRead(path);
            var message = MimeMessage.Load(stream);
            return (message.Headers["X-Envelope-To"] ?? "", message);
        }).ToList();

    /// <summary>Only the envelope line of each file: cheap enough for ten thousand messages.</summary>
    public Dictionary<string, int> CountByRecipient() =>
        Directory.EnumerateFiles(Folder, "*.eml")
            .Select(path => { using var reader = new StreamReader(path); return reader.ReadLine()!["X-Envelope-To: ".Length..]; })
            .GroupBy(to => to).ToDictionary(g => g.Key, g => g.Count());

    public async Task WaitForAsync(int count, TimeSpan timeout)
    {
        var until = DateTime.UtcNow + timeout;
        while (Count < count && DateTime.UtcNow < until) await Task.Delay(50);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            _process.StandardInput.Close();
            if (!_process.WaitForExit(3000)) _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        catch (InvalidOperationException) { }
        _process.Dispose();
        try { Directory.Delete(Folder, recursive: true); } catch (IOException) { }
    }
}
