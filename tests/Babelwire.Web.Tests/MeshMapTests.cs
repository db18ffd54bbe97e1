using Babelwire.Web.Components;
using Babelwire.Web.Services;
using Bunit;
using static Babelwire.Web.Tests.Fakes.Mesh;

namespace Babelwire.Web.Tests;

public sealed class MeshMapTests : BunitContext
{
    private readonly BunitJSModuleInterop _module;

    public MeshMapTests()
    {
        JSInterop.Mode = JSRuntimeMode.Strict;
        _module = JSInterop.SetupModule(MeshMap.ModulePath);
        _module.SetupVoid("init", _ => true).SetVoidResult();
        _module.SetupVoid("apply", _ => true).SetVoidResult();
        _module.SetupVoid("highlight", _ => true).SetVoidResult();
        _module.SetupVoid("dispose").SetVoidResult();
    }

    [Fact]
    public void The_first_view_is_drawn_whole_and_a_changed_link_is_sent_as_one_edge()
    {
        var nodes = new[] { Node(1), Node(2), Node(3) };
        var cut = Render<MeshMap>(p => p.Add(x => x.View, View(nodes: nodes, links: [Link(1, 2), Link(2, 3)])));

        var first = Assert.IsType<MapDiff>(Assert.Single(_module.Invocations["apply"]).Arguments[0]);
        Assert.Equal(3, first.AddNodes.Count);
        Assert.Equal(2, first.AddEdges.Count);

        cut.Render(p => p.Add(x => x.View, View(version: 2, nodes: nodes, links: [Link(1, 2), Link(2, 3, costA: 400)])));

        Assert.Equal(2, _module.Invocations["apply"].Count);
        var second = Assert.IsType<MapDiff>(_module.Invocations["apply"][1].Arguments[0]);
        Assert.Equal(2, second.Version);
        Assert.Equal(LinkQuality.Medium, Assert.Single(second.UpdateEdges).Quality);
        Assert.Empty(second.AddNodes);
        Assert.Empty(second.AddEdges);
        Assert.Empty(second.UpdateNodes);
    }

    [Fact]
    public void An_unchanged_view_sends_nothing()
    {
        var view = View(nodes: [Node(1)]);
        var cut = Render<MeshMap>(p => p.Add(x => x.View, view));

        cut.Render(p => p.Add(x => x.View, view with { Version = 2 }));

        Assert.Single(_module.Invocations["apply"]);
    }

    [Fact]
    public void A_path_highlight_is_sent_when_it_changes()
    {
        var view = View(nodes: [Node(1), Node(2)], links: [Link(1, 2)]);
        var cut = Render<MeshMap>(p => p.Add(x => x.View, view));

        cut.Render(p => p.Add(x => x.View, view).Add(x => x.Highlight, [Id(1).ToString()]));

        var ids = Assert.IsAssignableFrom<IReadOnlyList<string>>(Assert.Single(_module.Invocations["highlight"]).Arguments[0]);
        Assert.Equal([Id(1).ToString()], ids);
    }
}
