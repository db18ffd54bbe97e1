namespace Babelwire.Agent.Netlink;

internal enum RouteOperationKind
{
    Add,
    Replace,
    Delete,
}
