package dev.iotsdk.emulator.internal.streams

import dev.iotsdk.emulator.internal.controlplane.ApiError
import dev.iotsdk.emulator.internal.controlplane.ApiRequest
import dev.iotsdk.emulator.internal.controlplane.Arns
import dev.iotsdk.emulator.internal.dataplane.Pages
import dev.iotsdk.emulator.streams.EmulatedStreamFile
import kotlinx.serialization.json.JsonArray
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.buildJsonObject
import kotlinx.serialization.json.put
import kotlinx.serialization.json.putJsonObject

/**
 * The control plane's streams (spec/streams.md section 1, as the AWS CLI calls them): CreateStream, DescribeStream,
 * UpdateStream, DeleteStream, ListStreams under `/streams`. A file's `s3Location` names an object put in the
 * emulator's stand-in S3 ([StreamStore.objects], `emulator.streams.putObject`); an unknown one is
 * `InvalidRequestException`. Streams made through the admin API show `s3Location` bucket `iot-emulator`.
 */
internal class StreamsApi(private val store: StreamStore, private val arns: Arns) {
    fun route(r: ApiRequest): JsonObject? {
        val s = r.segments
        if (s.firstOrNull() != "streams") return null
        return when {
            s.size == 1 && r.method == "GET" -> list(r)
            s.size == 2 && r.method == "POST" -> create(s[1], r)
            s.size == 2 && r.method == "GET" -> describe(s[1])
            s.size == 2 && r.method == "PUT" -> update(s[1], r)
            s.size == 2 && r.method == "DELETE" -> delete(s[1])
            else -> null
        }
    }

    private fun create(id: String, r: ApiRequest): JsonObject = synchronized(store) {
        if (!STREAM_ID.matches(id)) throw ApiError.invalid("streamId must be 1-128 characters of [a-zA-Z0-9_-]")
        if (store.streams.containsKey(id)) throw ApiError.alreadyExists("Stream $id already exists")
        val files = files(r) ?: throw ApiError.invalid("files is required")
        val now = System.currentTimeMillis() / MILLIS
        val record = StreamRecord(id, 1, description(r), files, roleArn(r, required = true), now, now)
        store.streams[id] = record
        summary(record)
    }

    private fun update(id: String, r: ApiRequest): JsonObject = synchronized(store) {
        val old = store.streams[id] ?: throw ApiError.notFound("Stream $id does not exist")
        if (old.version >= MAX_VERSION) throw ApiError.invalid("The stream version is at its maximum")
        val files = files(r)
        val record = StreamRecord(
            id,
            old.version + 1,
            description(r) ?: old.description,
            files ?: old.files,
            if (r.string("roleArn") != null) roleArn(r, required = true) else old.roleArn,
            old.createdAt,
            System.currentTimeMillis() / MILLIS,
        )
        store.streams[id] = record
        summary(record)
    }

    private fun delete(id: String): JsonObject {
        store.streams.remove(id) ?: throw ApiError.notFound("Stream $id does not exist")
        return JsonObject(emptyMap())
    }

    private fun describe(id: String): JsonObject {
        val s = store.streams[id] ?: throw ApiError.notFound("Stream $id does not exist")
        return buildJsonObject {
            putJsonObject("streamInfo") {
                put("streamId", s.streamId)
                put("streamArn", arns.of("stream", s.streamId))
                put("streamVersion", s.version)
                s.description?.let { put("description", it) }
                put(
                    "files",
                    JsonArray(
                        s.files.keys.sorted().map { fileId ->
                            buildJsonObject {
                                put("fileId", fileId)
                                putJsonObject("s3Location") {
                                    val location = s.files.getValue(fileId).location
                                    put("bucket", location?.bucket ?: ADMIN_BUCKET)
                                    put("key", location?.key ?: "streams/${s.streamId}/$fileId")
                                    location?.version?.let { put("version", it) }
                                }
                            }
                        },
                    ),
                )
                put("createdAt", s.createdAt)
                put("lastUpdatedAt", s.updatedAt)
                put("roleArn", s.roleArn)
            }
        }
    }

    private fun list(r: ApiRequest): JsonObject {
        val max = r.maxResults(default = MAX_RESULTS, max = MAX_RESULTS)
        val ascending = r.queryBoolean("isAscendingOrder") ?: false
        val all = store.streams.values.sortedBy { it.createdAt }.let { if (ascending) it else it.reversed() }
        val (page, next) = Pages.slice(all, r.query("nextToken"), max)
            ?: throw ApiError.invalid("The nextToken is invalid")
        return buildJsonObject {
            put("streams", JsonArray(page.map { summary(it) }))
            next?.let { put("nextToken", it) }
        }
    }

    private fun summary(s: StreamRecord) = buildJsonObject {
        put("streamId", s.streamId)
        put("streamArn", arns.of("stream", s.streamId))
        s.description?.let { put("description", it) }
        put("streamVersion", s.version)
    }

    private fun description(r: ApiRequest): String? = r.string("description")?.also {
        if (it.length > MAX_DESCRIPTION || it.any { c -> c.isISOControl() }) {
            throw ApiError.invalid("description must be at most $MAX_DESCRIPTION printable characters")
        }
    }

    private fun roleArn(r: ApiRequest, required: Boolean): String {
        val arn = if (required) r.requireString("roleArn") else r.string("roleArn").orEmpty()
        if (arn.length !in MIN_ROLE_ARN..MAX_ROLE_ARN) throw ApiError.invalid("roleArn must be 20-2048 characters")
        return arn
    }

    private fun files(r: ApiRequest): Map<Int, EmulatedStreamFile>? {
        val list = r.body["files"] as? JsonArray ?: return null
        if (list.size !in 1..MAX_FILES) throw ApiError.invalid("files must list 1-$MAX_FILES files")
        return list.map { file(r, it) }.associateBy { it.fileId }
    }

    private fun file(r: ApiRequest, element: JsonElement): EmulatedStreamFile {
        val file = element as? JsonObject ?: throw ApiError.invalid("each file must be an object")
        val fileId = r.long("fileId", file)?.toInt()?.takeIf { it in 0..MAX_FILE_ID }
            ?: throw ApiError.invalid("fileId is required, 0-$MAX_FILE_ID")
        val s3 = r.obj("s3Location", file) ?: throw ApiError.invalid("s3Location is required")
        val location = S3Location(r.requireString("bucket", s3), r.requireString("key", s3), r.string("version", s3))
        val source = store.objects[location.bucket to location.key] ?: throw ApiError.invalid(
            "The emulator has no object s3://${location.bucket}/${location.key}; " +
                "put it with emulator.streams.putObject",
        )
        return EmulatedStreamFile.withId(fileId, source, location)
    }

    private companion object {
        val STREAM_ID = Regex("[a-zA-Z0-9_-]{1,128}")
        const val ADMIN_BUCKET = "iot-emulator"
        const val MILLIS = 1000.0
        const val MAX_VERSION = 65_535
        const val MAX_RESULTS = 250
        const val MAX_DESCRIPTION = 2028
        const val MIN_ROLE_ARN = 20
        const val MAX_ROLE_ARN = 2048
        const val MAX_FILES = 50
        const val MAX_FILE_ID = 255
    }
}
