using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using NodaTime;

namespace SharingLedger.Iso18626;

/// <summary>
/// A message the intake applied, kept by its identity (the kind and every element's name and value, whitespace aside),
/// so that a copy of it received at any later time, whatever the loan has done since, is answered OK and records nothing.
/// One per consortium (tenant); written in the transaction that applies the message.
/// </summary>
public sealed class Iso18626Receipt
{
    public string Id { get; set; } = "";
    public Guid? LoanId { get; set; }
    public string Kind { get; set; } = "";
    public string RequestId { get; set; } = "";
    public Instant ReceivedAt { get; set; }

    public static string IdOf(Iso18626Parsed message)
    {
        var canonical = new StringBuilder(message.Kind.ToString());
        foreach (var e in message.Body.DescendantsAndSelf())
            canonical.Append('<').Append(e.Name.LocalName).Append('>').Append(e.HasElements ? "" : e.Value.Trim());
        return "msg:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical.ToString())));
    }
}

/// <summary>
/// The first answer given to a caller's <c>Idempotency-Key</c> on the intake (the XML confirmation Wolverine's own
/// replay cannot store): the same key with the same body gets it again and records nothing; with another body, 422.
/// </summary>
public sealed class Iso18626KeyedAnswer
{
    public string Id { get; set; } = "";
    public string BodyHash { get; set; } = "";
    public int Status { get; set; }
    public string Answer { get; set; } = "";
    public Instant AnsweredAt { get; set; }

    public static string IdOf(string caller, string key) =>
        "key:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(caller + "\n" + key)));

    public static string Hash(byte[] body) => Convert.ToHexStringLower(SHA256.HashData(body));
}
