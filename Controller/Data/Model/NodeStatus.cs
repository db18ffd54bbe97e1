namespace Babelwire.Controller.Data.Model;

public enum NodeStatus
{
    /// <summary>In every peer set; may connect to the hub.</summary>
    Active,

    /// <summary>Kept with its addresses, but out of every peer set and refused by the hub.</summary>
    Disabled,
}
