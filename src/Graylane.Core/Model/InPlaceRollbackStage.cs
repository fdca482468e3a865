namespace Graylane.Core.Model;

/// <summary>How far a rollback after an in-place promote got (a reverse release: a copy of the old version serves while the stable is restored).</summary>
public enum InPlaceRollbackStage
{
    None,
    /// <summary>A temporary copy of the previous template (reading the previous config) runs and is ready.</summary>
    CopyReady,
    /// <summary>All traffic is on the copy; the stable and its config are being restored.</summary>
    TrafficOnCopy,
    /// <summary>The stable runs the previous template again and is ready; routing, objects and copies are being restored.</summary>
    StableRestored,
}
