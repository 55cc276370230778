namespace Loyalty.Core.Portal;

/// <summary>The program's public texts the operator writes: rules, the public offer, the FAQ.</summary>
public enum ContentKind
{
    Rules,
    PublicOffer,
    Faq,
}

/// <summary>
/// One public text in one language. The body is plain text with light structure the portal renders: a line starting
/// with "## " is a heading (in the FAQ: a question), blank lines separate paragraphs. No HTML is ever stored or rendered.
/// </summary>
public class ContentPage
{
    public const int TitleMaxLength = 200;
    public const int BodyMaxLength = 100_000;

    private ContentPage() { }

    public ContentPage(ContentKind kind, string language, string title, string body, DateTime at, string actor)
    {
        Kind = kind;
        Language = language;
        Update(title, body, at, actor);
    }

    public ContentKind Kind { get; private set; }

    /// <summary>Two-letter language code ("en", "ru").</summary>
    public string Language { get; private set; } = "en";

    public string Title { get; private set; } = "";
    public string Body { get; private set; } = "";
    public DateTime UpdatedAt { get; private set; }
    public string UpdatedBy { get; private set; } = "";

    public void Update(string title, string body, DateTime at, string actor)
    {
        Title = title.Trim();
        Body = body.Replace("\r\n", "\n").Trim();
        UpdatedAt = at;
        UpdatedBy = actor;
    }
}

/// <summary>A parsed section of a content page: a heading (or FAQ question) and its paragraphs.</summary>
public sealed record ContentSection(string? Heading, IReadOnlyList<string> Paragraphs);

public static class ContentText
{
    public static IReadOnlyList<ContentSection> Parse(string body)
    {
        var sections = new List<ContentSection>();
        string? heading = null;
        var paragraphs = new List<string>();
        var current = new List<string>();
        void EndParagraph()
        {
            if (current.Count > 0) paragraphs.Add(string.Join(" ", current));
            current.Clear();
        }
        void EndSection()
        {
            EndParagraph();
            if (heading is not null || paragraphs.Count > 0) sections.Add(new ContentSection(heading, paragraphs.ToList()));
            paragraphs.Clear();
        }
        foreach (var raw in body.Replace("\r\n", "\n").Split('\n'))
        {
            var line = raw.Trim();
            if (line.StartsWith("## ", StringComparison.Ordinal))
            {
                EndSection();
                heading = line[3..].Trim();
            }
            else if (line.Length == 0) EndParagraph();
            else current.Add(line);
        }
        EndSection();
        return sections;
    }
}
