namespace SharingLedger.Tests.Subscriptions;

/// <summary>
/// Small COUNTER reports written for these tests in the shape of the Code of Practice's JSON (Release 5.0 and 5.1):
/// not copies of COUNTER's published samples. Institution "ebsco:111" (member A), resource "Academic Search Complete".
/// In both releases the title's January usage is split over two rows by Access_Type (Controlled 30, OA_Gold 12) and
/// the December 2025 figures lie outside a 2026 term.
/// </summary>
public static class CounterFixtures
{
    public const string TitleReport50 = """
    {
      "Report_Header": {
        "Report_Name": "Title Master Report", "Report_ID": "TR", "Release": "5", "Institution_Name": "Library A",
        "Institution_ID": [{ "Type": "Proprietary", "Value": "ebsco:111" }],
        "Report_Filters": [{ "Name": "Begin_Date", "Value": "2025-12-01" }, { "Name": "End_Date", "Value": "2026-01-31" }],
        "Report_Attributes": [{ "Name": "Attributes_To_Show", "Value": "Access_Type" }],
        "Created": "2026-02-03T10:00:00Z", "Created_By": "A vendor"
      },
      "Report_Items": [
        { "Title": "Academic Search Complete", "Item_ID": [{ "Type": "Print_ISSN", "Value": "1234-5678" }], "Platform": "P", "Publisher": "Pub",
          "Data_Type": "Journal", "Section_Type": "Article", "Access_Type": "Controlled", "Access_Method": "Regular",
          "Performance": [
            { "Period": { "Begin_Date": "2025-12-01", "End_Date": "2025-12-31" }, "Instance": [{ "Metric_Type": "Total_Item_Requests", "Count": 7 }] },
            { "Period": { "Begin_Date": "2026-01-01", "End_Date": "2026-01-31" }, "Instance": [{ "Metric_Type": "Total_Item_Requests", "Count": 30 }, { "Metric_Type": "Unique_Item_Requests", "Count": 20 }] }
          ] },
        { "Title": "Academic Search Complete", "Item_ID": [{ "Type": "Print_ISSN", "Value": "1234-5678" }], "Platform": "P", "Publisher": "Pub",
          "Data_Type": "Journal", "Section_Type": "Article", "Access_Type": "OA_Gold", "Access_Method": "Regular",
          "Performance": [
            { "Period": { "Begin_Date": "2026-01-01", "End_Date": "2026-01-31" }, "Instance": [{ "Metric_Type": "Total_Item_Requests", "Count": 12 }, { "Metric_Type": "Unique_Item_Requests", "Count": 10 }] }
          ] },
        { "Title": "Another Journal", "Platform": "P", "Access_Type": "Controlled",
          "Performance": [{ "Period": { "Begin_Date": "2026-01-01", "End_Date": "2026-01-31" }, "Instance": [{ "Metric_Type": "Total_Item_Requests", "Count": 99 }] }] }
      ]
    }
    """;

    public const string TitleReport51 = """
    {
      "Report_Header": {
        "Report_Name": "Title Report", "Report_ID": "TR", "Release": "5.1", "Institution_Name": "Library A",
        "Institution_ID": { "Proprietary": ["ebsco:111"] },
        "Report_Filters": { "Begin_Date": "2025-12", "End_Date": "2026-01" },
        "Report_Attributes": { "Attributes_To_Show": ["Access_Type"] },
        "Created": "2026-02-03T10:00:00Z", "Created_By": "A vendor", "Registry_Record": "https://registry.example/platform/1"
      },
      "Report_Items": [
        { "Title": "Academic Search Complete", "Item_ID": { "Print_ISSN": "1234-5678" }, "Platform": "P", "Publisher": "Pub", "Publisher_ID": { "ISNI": ["0000000000000001"] },
          "Attribute_Performance": [
            { "Data_Type": "Journal", "Access_Type": "Controlled", "Access_Method": "Regular",
              "Performance": { "Total_Item_Requests": { "2025-12": 7, "2026-01": 30 }, "Unique_Item_Requests": { "2026-01": 20 } } },
            { "Data_Type": "Journal", "Access_Type": "OA_Gold", "Access_Method": "Regular",
              "Performance": { "Total_Item_Requests": { "2026-01": 12 }, "Unique_Item_Requests": { "2026-01": 10 } } }
          ] },
        { "Title": "Another Journal", "Platform": "P",
          "Attribute_Performance": [{ "Access_Type": "Controlled", "Performance": { "Total_Item_Requests": { "2026-01": 99 } } }] }
      ]
    }
    """;

    /// <summary>A Release 5.1 Platform Report whose platform is the subscription's resource: 42 searches in January, 5 in December 2025.</summary>
    public const string PlatformReport51 = """
    {
      "Report_Header": {
        "Report_Name": "Platform Report", "Report_ID": "PR", "Release": "5.1", "Institution_Name": "Library A",
        "Institution_ID": { "Proprietary": ["ebsco:111"] }, "Report_Filters": { "Begin_Date": "2025-12", "End_Date": "2026-01" },
        "Created": "2026-02-03T10:00:00Z", "Created_By": "A vendor"
      },
      "Report_Items": [
        { "Platform": "Academic Search Complete",
          "Attribute_Performance": [
            { "Data_Type": "Database_Full", "Access_Method": "Regular", "Performance": { "Searches_Platform": { "2025-12": 5, "2026-01": 40 } } },
            { "Data_Type": "Journal", "Access_Method": "Regular", "Performance": { "Searches_Platform": { "2026-01": 2 } } }
          ] }
      ]
    }
    """;
}
