package dev.iotsdk.samples.ota

import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.jsonArray
import kotlinx.serialization.json.jsonObject
import kotlinx.serialization.json.jsonPrimitive
import kotlinx.serialization.json.long

/**
 * The part of AWS IoT OTA's device-side job document the samples use (spec/streams.md section 8b):
 * `{"afr_ota": {"protocols": ["MQTT"], "streamname": "…", "files": [{"filepath", "filesize", "fileid", "certfile",
 * "sig-sha256-ecdsa"}]}}`.
 *
 * ```kotlin
 * val ota = OtaJobDocument.parse(job.document.toString())
 * ```
 */
public class OtaJobDocument private constructor(
    /** `afr_ota.streamname`: the stream to download from. */
    public val streamName: String,
    /** `afr_ota.files[0].fileid`: the stream file id. */
    public val fileId: Int,
    /** `afr_ota.files[0].filesize`. */
    public val fileSize: Long,
    /** `afr_ota.files[0].filepath`: where the device installs it. */
    public val filePath: String,
    /** `afr_ota.files[0].certfile`: the code-signing certificate's name on the device. */
    public val certFile: String?,
    /** `afr_ota.files[0]["sig-sha256-ecdsa"]`: DER ECDSA over the file's SHA-256, base64. */
    public val signature: String,
) {
    /** Builds OTA job documents. */
    public companion object {
        /**
         * Reads [json], a job document.
         * @throws IllegalArgumentException when it is not an MQTT OTA job document.
         */
        @JvmStatic
        public fun parse(json: String): OtaJobDocument {
            val ota = (runCatching { Json.parseToJsonElement(json) }.getOrNull() as? JsonObject)
                ?.get("afr_ota") as? JsonObject
            requireNotNull(ota) { "not an OTA job document (no afr_ota object)" }
            require("MQTT" in ota["protocols"]?.jsonArray?.map { it.jsonPrimitive.content }.orEmpty()) {
                "the OTA job does not offer the MQTT protocol"
            }
            val file = ota["files"]?.jsonArray?.firstOrNull()?.jsonObject
            requireNotNull(file) { "no files" }
            return OtaJobDocument(
                ota.text("streamname"),
                file.int("fileid"),
                file.long("filesize"),
                file["filepath"]?.jsonPrimitive?.content ?: "firmware.bin",
                file["certfile"]?.jsonPrimitive?.content,
                file.text("sig-sha256-ecdsa"),
            )
        }

        /** An OTA job document for one file of [streamName]. */
        @JvmStatic
        public fun create(
            streamName: String,
            fileId: Int,
            fileSize: Long,
            filePath: String,
            signature: String,
        ): String = """{"afr_ota":{"protocols":["MQTT"],"streamname":"$streamName","files":[""" +
            """{"filepath":"$filePath","filesize":$fileSize,"fileid":$fileId,"certfile":"ota-signer.crt",""" +
            """"sig-sha256-ecdsa":"$signature"}]}}"""

        private fun JsonObject.int(key: String): Int = long(key).toInt()

        private fun JsonObject.long(key: String): Long = requireNotNull(this[key]?.jsonPrimitive?.long) { "no $key" }

        private fun JsonObject.text(key: String): String =
            requireNotNull(this[key]?.jsonPrimitive?.content) { "no $key" }
    }
}
