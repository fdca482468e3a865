namespace Graylane.LocalCluster.Tables;

/// <summary>One meta.k8s.io TableColumnDefinition. Priority 1 columns are the ones kubectl shows only with -o wide.</summary>
internal sealed record TableColumn(string Name, string Type, string Description, int Priority = 0, string Format = "");
