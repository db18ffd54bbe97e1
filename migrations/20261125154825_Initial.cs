using System;
using System.Collections.Generic;
using System.Net;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Babelwire.Migrations
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "address_leases",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    address = table.Column<string>(type: "character varying(39)", maxLength: 39, nullable: false),
                    node_id = table.Column<Guid>(type: "uuid", nullable: true),
                    allocated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    released_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_address_leases", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "api_keys",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    secret_hash = table.Column<byte[]>(type: "bytea", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    revoked_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    last_used_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_api_keys", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "enrolment_tokens",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    secret_hash = table.Column<byte[]>(type: "bytea", nullable: false),
                    max_uses = table.Column<int>(type: "integer", nullable: true),
                    uses = table.Column<int>(type: "integer", nullable: false),
                    expires_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    revoked_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    tags = table.Column<List<string>>(type: "text[]", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_enrolment_tokens", x => x.id);
                    table.CheckConstraint("ck_enrolment_tokens_uses", "uses >= 0 AND (max_uses IS NULL OR uses <= max_uses)");
                });

            migrationBuilder.CreateTable(
                name: "events",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    node_id = table.Column<Guid>(type: "uuid", nullable: true),
                    peer_node_id = table.Column<Guid>(type: "uuid", nullable: true),
                    prefix = table.Column<string>(type: "character varying(49)", maxLength: 49, nullable: true),
                    message = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_events", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "mesh_settings",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false),
                    overlay_i_pv6prefix = table.Column<IPNetwork>(type: "cidr", nullable: false),
                    overlay_i_pv4prefix = table.Column<IPNetwork>(type: "cidr", nullable: false),
                    state_report_interval = table.Column<TimeSpan>(type: "interval", nullable: false),
                    address_grace_period = table.Column<TimeSpan>(type: "interval", nullable: false),
                    event_retention = table.Column<TimeSpan>(type: "interval", nullable: false),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_mesh_settings", x => x.id);
                    table.CheckConstraint("ck_mesh_settings_singleton", "id = 1");
                });

            migrationBuilder.CreateTable(
                name: "nodes",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "character varying(63)", maxLength: 63, nullable: false),
                    public_key = table.Column<string>(type: "character varying(44)", maxLength: 44, nullable: false),
                    link_local = table.Column<IPAddress>(type: "inet", nullable: false),
                    overlay_i_pv6 = table.Column<IPAddress>(type: "inet", nullable: false),
                    overlay_i_pv4 = table.Column<IPAddress>(type: "inet", nullable: false),
                    endpoints = table.Column<List<string>>(type: "text[]", nullable: false),
                    tags = table.Column<List<string>>(type: "text[]", nullable: false),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    hub_credential_hash = table.Column<byte[]>(type: "bytea", nullable: false),
                    enrolment_token_id = table.Column<Guid>(type: "uuid", nullable: true),
                    enrolled_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    last_seen_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    agent_version = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_nodes", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "adjacencies",
                columns: table => new
                {
                    reporter_id = table.Column<Guid>(type: "uuid", nullable: false),
                    neighbour_address = table.Column<string>(type: "character varying(45)", maxLength: 45, nullable: false),
                    neighbour_node_id = table.Column<Guid>(type: "uuid", nullable: true),
                    peer_public_key = table.Column<string>(type: "character varying(44)", maxLength: 44, nullable: true),
                    @interface = table.Column<string>(name: "interface", type: "character varying(15)", maxLength: 15, nullable: false),
                    cost = table.Column<int>(type: "integer", nullable: false),
                    rx_cost = table.Column<int>(type: "integer", nullable: false),
                    tx_cost = table.Column<int>(type: "integer", nullable: false),
                    rtt_milliseconds = table.Column<double>(type: "double precision", nullable: true),
                    reported_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_adjacencies", x => new { x.reporter_id, x.neighbour_address });
                    table.ForeignKey(
                        name: "fk_adjacencies_nodes_reporter_id",
                        column: x => x.reporter_id,
                        principalTable: "nodes",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "peer_statistics",
                columns: table => new
                {
                    node_id = table.Column<Guid>(type: "uuid", nullable: false),
                    peer_public_key = table.Column<string>(type: "character varying(44)", maxLength: 44, nullable: false),
                    endpoint = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    last_handshake = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    received_bytes = table.Column<long>(type: "bigint", nullable: false),
                    sent_bytes = table.Column<long>(type: "bigint", nullable: false),
                    reported_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_peer_statistics", x => new { x.node_id, x.peer_public_key });
                    table.ForeignKey(
                        name: "fk_peer_statistics_nodes_node_id",
                        column: x => x.node_id,
                        principalTable: "nodes",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "routes",
                columns: table => new
                {
                    node_id = table.Column<Guid>(type: "uuid", nullable: false),
                    prefix = table.Column<string>(type: "character varying(49)", maxLength: 49, nullable: false),
                    metric = table.Column<int>(type: "integer", nullable: false),
                    router_id = table.Column<string>(type: "character varying(23)", maxLength: 23, nullable: false),
                    next_hop = table.Column<string>(type: "character varying(45)", maxLength: 45, nullable: false),
                    next_hop_peer_public_key = table.Column<string>(type: "character varying(44)", maxLength: 44, nullable: true),
                    next_hop_node_id = table.Column<Guid>(type: "uuid", nullable: true),
                    installed = table.Column<bool>(type: "boolean", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_routes", x => new { x.node_id, x.prefix });
                    table.ForeignKey(
                        name: "fk_routes_nodes_node_id",
                        column: x => x.node_id,
                        principalTable: "nodes",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_address_leases_address",
                table: "address_leases",
                column: "address",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_address_leases_node_id",
                table: "address_leases",
                column: "node_id");

            migrationBuilder.CreateIndex(
                name: "ix_adjacencies_neighbour_node_id",
                table: "adjacencies",
                column: "neighbour_node_id");

            migrationBuilder.CreateIndex(
                name: "ix_api_keys_secret_hash",
                table: "api_keys",
                column: "secret_hash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_enrolment_tokens_secret_hash",
                table: "enrolment_tokens",
                column: "secret_hash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_events_at",
                table: "events",
                column: "at");

            migrationBuilder.CreateIndex(
                name: "ix_events_node_id_id",
                table: "events",
                columns: new[] { "node_id", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_nodes_name",
                table: "nodes",
                column: "name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_nodes_public_key",
                table: "nodes",
                column: "public_key",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "address_leases");

            migrationBuilder.DropTable(
                name: "adjacencies");

            migrationBuilder.DropTable(
                name: "api_keys");

            migrationBuilder.DropTable(
                name: "enrolment_tokens");

            migrationBuilder.DropTable(
                name: "events");

            migrationBuilder.DropTable(
                name: "mesh_settings");

            migrationBuilder.DropTable(
                name: "peer_statistics");

            migrationBuilder.DropTable(
                name: "routes");

            migrationBuilder.DropTable(
                name: "nodes");
        }
    }
}
