namespace Loyalty.Core.News;

/// <summary>
/// The picture of a news post or offer, kept as a blob in the database like ticket attachments (0090): never under wwwroot,
/// every node sees it, backups include it. Served by <c>/news/images/{postId}</c> only while its post is public, or to its
/// own partner (0152). A table of its own so listing posts never reads the bytes.
/// </summary>
public class PartnerPostImage
{
    private PartnerPostImage() { }

    public PartnerPostImage(Guid postId, string contentType, byte[] content)
    {
        PostId = postId;
        Replace(contentType, content);
    }

    public Guid PostId { get; private set; }
    public string ContentType { get; private set; } = "";
    public int Size { get; private set; }
    public byte[] Content { get; private set; } = [];

    public void Replace(string contentType, byte[] content)
    {
        ContentType = contentType;
        Content = content;
        Size = content.Length;
    }
}
