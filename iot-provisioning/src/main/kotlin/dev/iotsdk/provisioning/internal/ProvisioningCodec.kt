@file:OptIn(ExperimentalSerializationApi::class)

package dev.iotsdk.provisioning.internal

import dev.iotsdk.model.IotJson
import dev.iotsdk.provisioning.ProvisioningPayloadFormat
import kotlinx.serialization.ExperimentalSerializationApi
import kotlinx.serialization.KSerializer
import kotlinx.serialization.cbor.Cbor

/**
 * Encodes fleet provisioning requests and decodes answers in one [ProvisioningPayloadFormat], with iot-model's
 * serializers (the field names are the same in JSON and CBOR). Decoding failures throw [IllegalArgumentException].
 */
internal class ProvisioningCodec(private val format: ProvisioningPayloadFormat) {
    fun <T> encode(serializer: KSerializer<T>, value: T): ByteArray = when (format) {
        ProvisioningPayloadFormat.JSON -> IotJson.encodeToString(serializer, value).encodeToByteArray()
        ProvisioningPayloadFormat.CBOR -> CBOR.encodeToByteArray(serializer, value)
    }

    @Suppress("TooGenericExceptionCaught") // a decoder fed hostile bytes may throw anything; none of it escapes
    fun <T> decode(serializer: KSerializer<T>, payload: ByteArray): T = try {
        when (format) {
            ProvisioningPayloadFormat.JSON -> IotJson.decodeFromString(serializer, payload.decodeToString())
            ProvisioningPayloadFormat.CBOR -> CBOR.decodeFromByteArray(serializer, payload)
        }
    } catch (e: IllegalArgumentException) {
        throw e
    } catch (e: RuntimeException) {
        throw IllegalArgumentException("the payload is not valid ${format.topicSuffix}", e)
    }

    companion object {
        /** Definite lengths, absent optional keys omitted, unknown keys ignored (AWS may add fields). */
        val CBOR: Cbor = Cbor {
            ignoreUnknownKeys = true
            useDefiniteLengthEncoding = true
            encodeDefaults = false
        }
    }
}
