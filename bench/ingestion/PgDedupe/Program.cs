// The PostgreSQL writer's dedupe insert, two ways, on one connection with nothing else running:
// "unnest": INSERT … SELECT FROM unnest(arrays) ON CONFLICT DO NOTHING RETURNING (what the app does);
// "copy":   COPY (binary) into a temporary staging table, then INSERT … SELECT FROM it ON CONFLICT
//           DO NOTHING RETURNING.
// Each commit holds one group; a tenth of every group repeats messageIds of the group before (Segment
// retries), so the conflict path runs too. Methods alternate, twice each, on an emptied table.
using System.Diagnostics;
using Npgsql;
using NpgsqlTypes;

var server = Environment.GetEnvironmentVariable("PG") ?? "Host=127.0.0.1;Username=postgres;Password=postgres";
var total = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 100_000;
int[] sizes = args.Length > 1 ? args[1..].Select(a => int.Parse(a, System.Globalization.CultureInfo.InvariantCulture)).ToArray() : [20, 100, 1000];
var database = $"sp_dedupe_bench_{Environment.ProcessId}";
var payload = new string('x', 1200);

await using (var admin = new NpgsqlConnection(server + ";Database=postgres"))
{
    await admin.OpenAsync();
    await new NpgsqlCommand($"CREATE DATABASE {database}", admin).ExecuteNonQueryAsync();
}

try
{
    await using var connection = new NpgsqlConnection(server + $";Database={database}");
    await connection.OpenAsync();
    await new NpgsqlCommand("""
        CREATE TABLE events (id bigserial PRIMARY KEY, customer uuid NOT NULL, source uuid NOT NULL, message text COLLATE "C" NOT NULL,
            type text, raw text, received timestamptz NOT NULL);
        CREATE UNIQUE INDEX ON events (customer, source, message);
        CREATE TEMPORARY TABLE staging (customer uuid, source uuid, message text COLLATE "C", type text, raw text, received timestamptz, a int)
            ON COMMIT DELETE ROWS;
        """, connection).ExecuteNonQueryAsync();

    var customer = Guid.NewGuid();
    var source = Guid.NewGuid();
    Console.WriteLine($"{total:N0} events per run, ~{payload.Length} B payload each, a tenth of each group repeated from the group before");
    Console.WriteLine($"{"events per commit",18} {"method",8} {"events/s",10} {"stored",9}");
    foreach (var size in sizes)
    {
        foreach (var method in new[] { "unnest", "copy", "unnest", "copy" })
        {
            await new NpgsqlCommand("TRUNCATE events", connection).ExecuteNonQueryAsync();
            var stored = 0L;
            var started = Stopwatch.GetTimestamp();
            for (var first = 0; first < total; first += size)
            {
                // Rows first..first+size, the first tenth of them replaced by the group before's last ones.
                var repeat = first == 0 ? 0 : size / 10;
                var messages = Enumerable.Range(first - repeat, size).Select(i => "m-" + i).ToArray();
                await using var transaction = await connection.BeginTransactionAsync();
                stored += method == "unnest"
                    ? await UnnestAsync(connection, transaction, customer, source, messages, payload)
                    : await CopyAsync(connection, transaction, customer, source, messages, payload);
                await transaction.CommitAsync();
            }

            var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
            Console.WriteLine($"{size,18} {method,8} {stored / seconds,10:N0} {stored,9:N0}");
        }
    }
}
finally
{
    NpgsqlConnection.ClearAllPools();
    await using var admin = new NpgsqlConnection(server + ";Database=postgres");
    await admin.OpenAsync();
    await new NpgsqlCommand($"DROP DATABASE IF EXISTS {database} WITH (FORCE)", admin).ExecuteNonQueryAsync();
}

static async Task<int> UnnestAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid customer, Guid source, string[] messages, string payload)
{
    await using var insert = new NpgsqlCommand("""
        INSERT INTO events (customer, source, message, type, raw, received)
        SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::timestamptz[])
        ON CONFLICT (customer, source, message) DO NOTHING RETURNING id, message
        """, connection, transaction);
    var now = DateTime.UtcNow;
    insert.Parameters.Add(new NpgsqlParameter { Value = Enumerable.Repeat(customer, messages.Length).ToArray() });
    insert.Parameters.Add(new NpgsqlParameter { Value = Enumerable.Repeat(source, messages.Length).ToArray() });
    insert.Parameters.Add(new NpgsqlParameter { Value = messages });
    insert.Parameters.Add(new NpgsqlParameter { Value = Enumerable.Repeat("track", messages.Length).ToArray() });
    insert.Parameters.Add(new NpgsqlParameter { Value = Enumerable.Repeat(payload, messages.Length).ToArray() });
    insert.Parameters.Add(new NpgsqlParameter { Value = Enumerable.Repeat(now, messages.Length).ToArray() });
    return await CountAsync(insert);
}

static async Task<int> CopyAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid customer, Guid source, string[] messages, string payload)
{
    var now = DateTime.UtcNow;
    await using (var copy = await connection.BeginBinaryImportAsync("COPY staging (customer, source, message, type, raw, received, a) FROM STDIN (FORMAT BINARY)"))
    {
        for (var i = 0; i < messages.Length; i++)
        {
            await copy.StartRowAsync();
            await copy.WriteAsync(customer, NpgsqlDbType.Uuid);
            await copy.WriteAsync(source, NpgsqlDbType.Uuid);
            await copy.WriteAsync(messages[i], NpgsqlDbType.Text);
            await copy.WriteAsync("track", NpgsqlDbType.Text);
            await copy.WriteAsync(payload, NpgsqlDbType.Text);
            await copy.WriteAsync(now, NpgsqlDbType.TimestampTz);
            await copy.WriteAsync(i, NpgsqlDbType.Integer);
        }

        await copy.CompleteAsync();
    }

    await using var insert = new NpgsqlCommand("""
        INSERT INTO events (customer, source, message, type, raw, received)
        SELECT customer, source, message, type, raw, received FROM staging ORDER BY a
        ON CONFLICT (customer, source, message) DO NOTHING RETURNING id, message
        """, connection, transaction);
    return await CountAsync(insert);
}

static async Task<int> CountAsync(NpgsqlCommand command)
{
    var rows = 0;
    await using var reader = await command.ExecuteReaderAsync();
    while (await reader.ReadAsync())
    {
        rows++;
    }

    return rows;
}
