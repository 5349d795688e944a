using Qdrant.Client.Grpc;
using VectaX.Collections;
using VectaX.Qdrant;

namespace VectaX.Tests.Store;

/// <summary>The payload a Qdrant user sees, named as the product documents it, and points that do not follow it.</summary>
public class PayloadLayoutTests
{
    private const int D = 16;

    [Fact]
    public async Task Plain_records_carry_iv_and_auth_hash_and_rbac_records_the_serialized_metadata_and_header()
    {
        await using Fixture f = await Fixture.StartAsync();
        var points = f.Server.State.Collections["docs"].Points;

        var plain = points[0].Payload;
        Assert.Equal(["access_tags", "auth_hash", "format_version", "iv", "key_id", "revision", "title"], plain.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(16, Convert.FromBase64String(plain["iv"].StringValue).Length);
        Assert.Equal(16, Convert.FromBase64String(plain["auth_hash"].StringValue).Length);
        Assert.Equal(f.Corpus.Key.KeyId.ToString(System.Globalization.CultureInfo.InvariantCulture), plain["key_id"].StringValue);
        Assert.Equal(EncryptedVectorFormat.Version.ToString(System.Globalization.CultureInfo.InvariantCulture), plain["format_version"].StringValue);
        Assert.Empty(plain["access_tags"].ListValue.Values);

        var rbac = points[1].Payload;
        Assert.Equal(["access_tags", "encrypted_header", "encrypted_payload", "encrypted_vector_metadata", "revision", "title"], rbac.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(EncryptedVectorFormat.Size, Convert.FromBase64String(rbac["encrypted_vector_metadata"].StringValue).Length);
        Assert.NotEmpty(rbac["access_tags"].ListValue.Values);

        // The parts and the serialized form name the same metadata.
        StoredPoint stored = (await f.Store.RetrieveAsync("docs", [0]))[0];
        byte[] metadata = PayloadFields.ReadMetadata(stored);
        Assert.Equal(f.Corpus.Key.KeyId, EncryptedVectorFormat.ReadKeyId(metadata));
        Assert.Equal(0ul, (await f.Corpus.Collection.SearchAsync(f.Corpus.Vectors[0], 1))[0].Id);
        Assert.Equal(1ul, (await f.Corpus.Collection.SearchAsync(f.Corpus.Vectors[1], 1, f.Corpus.Analyst))[0].Id);
    }

    [Fact]
    public async Task Points_missing_a_field_or_written_by_another_tool_get_a_typed_error_and_do_not_fail_a_search()
    {
        await using Fixture f = await Fixture.StartAsync();
        var points = f.Server.State.Collections["docs"].Points;

        // Near copies of point 0 (plain) and 1 (RBAC), each damaged one way, all nearer the query than anything else.
        points[100] = Damaged(points[0], 100, p => p.Remove("auth_hash"));
        points[101] = Damaged(points[0], 101, p => p["iv"] = 5);
        points[102] = Damaged(points[0], 102, p => p.Clear());
        points[103] = Damaged(points[0], 103, p => p["key_id"] = "not a number");
        points[110] = Damaged(points[1], 110, p => p.Remove("encrypted_payload"));
        points[111] = Damaged(points[1], 111, p => p["encrypted_header"] = "%%% not base64");
        points[112] = Damaged(points[1], 112, p => p.Remove("encrypted_vector_metadata"));

        SearchResults hits = await f.Corpus.Collection.SearchAsync(f.Corpus.Vectors[0], 3);
        Assert.Equal(0ul, hits[0].Id);
        Assert.All(hits, h => Assert.True(h.Id < 100));
        SearchResults mine = await f.Corpus.Collection.SearchAsync(f.Corpus.Vectors[1], 3, f.Corpus.Analyst);
        Assert.Equal(1ul, mine[0].Id);
        Assert.All(mine, h => Assert.True(h.Id < 100));

        foreach ((ulong id, string field) in new[] { (100ul, "auth_hash"), (101ul, "iv"), (102ul, "format_version"), (103ul, "key_id"), (112ul, "encrypted_vector_metadata") })
        {
            StoredPoint p = (await f.Store.RetrieveAsync("docs", [id]))[0];
            MalformedPointException e = Assert.Throws<MalformedPointException>(() => PayloadFields.ReadMetadata(p));
            Assert.Equal(id, e.PointId);
            Assert.Equal(field, e.Field);
            Assert.Contains($"Point {id}", e.Message, StringComparison.Ordinal);
        }

        Assert.Equal(110ul, (await Assert.ThrowsAsync<MalformedPointException>(() => f.Corpus.Collection.OpenAsync(110, f.Corpus.Analyst))).PointId);
        Assert.Equal("encrypted_header", (await Assert.ThrowsAsync<MalformedPointException>(() => f.Corpus.Collection.OpenAsync(111, f.Corpus.Analyst))).Field);
    }

    private static PointStruct Damaged(PointStruct source, ulong id, Action<Google.Protobuf.Collections.MapField<string, Value>> damage)
    {
        PointStruct copy = source.Clone();
        copy.Id = id;
        copy.Vectors.Vector.Dense.Data[0] += 1e-4f;
        damage(copy.Payload);
        return copy;
    }

    /// <summary>20 records in a loopback Qdrant: even ids plain, odd ids sealed for analysts.</summary>
    private sealed class Fixture : IAsyncDisposable
    {
        private Fixture(FakeQdrant server, QdrantVectorStore store, RbacCorpus corpus)
        {
            Server = server;
            Store = store;
            Corpus = corpus;
        }

        public FakeQdrant Server { get; }

        public QdrantVectorStore Store { get; }

        public RbacCorpus Corpus { get; }

        public static async Task<Fixture> StartAsync()
        {
            FakeQdrant server = await FakeQdrant.StartAsync();
            var store = new QdrantVectorStore(server.Address);
            return new Fixture(server, store, await RbacCorpus.IngestAsync(store, "docs", D, 20, i => i % 2 == 0 ? null : "roles=analyst"));
        }

        public async ValueTask DisposeAsync()
        {
            await Corpus.DisposeAsync();
            Store.Dispose();
            await Server.DisposeAsync();
        }
    }
}
