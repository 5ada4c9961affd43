@file:OptIn(ExperimentalSerializationApi::class)

package dev.iotsdk.defender.internal

import dev.iotsdk.defender.ReportFormat
import kotlinx.serialization.ExperimentalSerializationApi
import kotlinx.serialization.SerialName
import kotlinx.serialization.Serializable
import kotlinx.serialization.cbor.Cbor
import kotlinx.serialization.json.Json

/**
 * An `accepted` or `rejected` answer (spec/defender.md section 4): `thingName`, `reportId` (read by AWS's embedded C
 * demo; absent from AWS's garbled accepted example), `status`, `timestamp` and, when rejected, `statusDetails`.
 */
@Serializable
internal class ResponseWire(
    val thingName: String? = null,
    val reportId: Long? = null,
    val status: String? = null,
    val timestamp: Long? = null,
    val statusDetails: StatusDetailsWire? = null,
)

@Serializable
internal class StatusDetailsWire(
    @SerialName("ErrorCode") val errorCode: String? = null,
    @SerialName("ErrorMessage") val errorMessage: String? = null,
)

/** Decodes answers of [format]; any failure is an [IllegalArgumentException]. */
internal class ResponseCodec(private val format: ReportFormat) {
    @Suppress("TooGenericExceptionCaught") // a decoder fed hostile bytes may throw anything; none of it escapes
    fun decode(payload: ByteArray): ResponseWire = try {
        when (format) {
            ReportFormat.JSON ->
                JSON.decodeFromString(ResponseWire.serializer(), payload.decodeToString(throwOnInvalidSequence = true))
            ReportFormat.CBOR -> CBOR.decodeFromByteArray(ResponseWire.serializer(), payload)
        }
    } catch (e: IllegalArgumentException) {
        throw e
    } catch (e: Exception) {
        throw IllegalArgumentException("the answer is not a valid ${format.topicSuffix} Device Defender answer", e)
    }

    private companion object {
        private val JSON = Json {
            ignoreUnknownKeys = true
            explicitNulls = false
        }
        private val CBOR = Cbor { ignoreUnknownKeys = true }
    }
}
