package dev.iotsdk.emulator.internal.shadow

import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.buildJsonObject

/**
 * One shadow's stored state: desired and reported sections with their per-leaf metadata, the version (kept across a
 * delete, spec §3.2) and whether the shadow exists; and the documents made from it (GET's full document, the
 * `previous`/`current` snapshots of `update/documents`).
 */
internal class ShadowRecord(
    var desired: JsonObject? = null,
    var reported: JsonObject? = null,
    var desiredMeta: JsonObject? = null,
    var reportedMeta: JsonObject? = null,
    var version: Long = 0,
    var exists: Boolean = false,
) {
    /** Deletes the shadow's state; the version stays. */
    fun clear() {
        exists = false
        desired = null
        reported = null
        desiredMeta = null
        reportedMeta = null
    }

    /** The state, metadata and version, as `update/documents` carries them. */
    fun snapshot(): JsonObject = buildJsonObject {
        put("state", sections(desired, reported))
        put("metadata", sections(desiredMeta, reportedMeta))
        put("version", JsonPrimitive(version))
    }

    /** The document as GET answers it at [now], with the delta and [token] when given. */
    fun fullDocument(now: Long, token: String?): JsonObject = buildJsonObject {
        put(
            "state",
            buildJsonObject {
                desired?.let { put("desired", it) }
                reported?.let { put("reported", it) }
                ShadowJson.delta(desired, reported)?.let { put("delta", it) }
            },
        )
        put("metadata", sections(desiredMeta, reportedMeta))
        put("version", JsonPrimitive(version))
        put("timestamp", JsonPrimitive(now))
        token?.let { put("clientToken", JsonPrimitive(it)) }
    }

    private fun sections(desired: JsonObject?, reported: JsonObject?): JsonObject = buildJsonObject {
        desired?.let { put("desired", it) }
        reported?.let { put("reported", it) }
    }
}
