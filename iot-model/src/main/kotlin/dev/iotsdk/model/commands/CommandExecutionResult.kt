package dev.iotsdk.model.commands

import kotlinx.serialization.KSerializer
import kotlinx.serialization.Serializable
import kotlinx.serialization.SerializationException
import kotlinx.serialization.descriptors.SerialDescriptor
import kotlinx.serialization.encoding.Decoder
import kotlinx.serialization.encoding.Encoder
import java.util.Base64

/**
 * One value of an execution's result map (spec/commands.md §4): exactly one of a string [s], a boolean [b] or bytes
 * [bin]. On the wire `{"s": "…"}`, `{"b": true}` or `{"bin": "<base64>"}` (base64 as the C++ v2 SDK writes it).
 *
 * ```kotlin
 * mapOf("battery" to CommandExecutionResult.ofString("50 %"), "ok" to CommandExecutionResult.ofBoolean(true))
 * ```
 */
@Serializable(with = CommandExecutionResultSerializer::class)
public class CommandExecutionResult private constructor(
    /** The string value, or `null`. */
    public val s: String?,
    /** The boolean value, or `null`. */
    public val b: Boolean?,
    bin: ByteArray?,
) {
    private val bytes: ByteArray? = bin?.copyOf()

    /** The binary value (a copy), or `null`. */
    public val bin: ByteArray? get() = bytes?.copyOf()

    override fun equals(other: Any?): Boolean = other is CommandExecutionResult &&
        other.s == s &&
        other.b == b &&
        (other.bytes?.contentEquals(bytes) ?: (bytes == null))

    override fun hashCode(): Int = listOf(s, b, bytes?.contentHashCode()).hashCode()

    override fun toString(): String = when {
        s != null -> "s=$s"
        b != null -> "b=$b"
        else -> "bin=${bytes?.size} bytes"
    }

    /** The three kinds of value. */
    public companion object {
        /** A string value. */
        @JvmStatic
        public fun ofString(value: String): CommandExecutionResult = CommandExecutionResult(value, null, null)

        /** A boolean value. */
        @JvmStatic
        public fun ofBoolean(value: Boolean): CommandExecutionResult = CommandExecutionResult(null, value, null)

        /** A binary value (copied). */
        @JvmStatic
        public fun ofBinary(value: ByteArray): CommandExecutionResult = CommandExecutionResult(null, null, value)
    }
}

@Serializable
private class CommandExecutionResultWire(val s: String? = null, val b: Boolean? = null, val bin: String? = null)

internal object CommandExecutionResultSerializer : KSerializer<CommandExecutionResult> {
    private val wire = CommandExecutionResultWire.serializer()
    override val descriptor: SerialDescriptor = wire.descriptor

    override fun serialize(encoder: Encoder, value: CommandExecutionResult) {
        val bin = value.bin?.let { Base64.getEncoder().encodeToString(it) }
        encoder.encodeSerializableValue(wire, CommandExecutionResultWire(value.s, value.b, bin))
    }

    override fun deserialize(decoder: Decoder): CommandExecutionResult {
        val w = decoder.decodeSerializableValue(wire)
        val count = listOfNotNull(w.s, w.b, w.bin).size
        if (count != 1) throw SerializationException("a result value has exactly one of s, b and bin")
        return when {
            w.s != null -> CommandExecutionResult.ofString(w.s)
            w.b != null -> CommandExecutionResult.ofBoolean(w.b)
            else -> try {
                CommandExecutionResult.ofBinary(Base64.getDecoder().decode(w.bin))
            } catch (e: IllegalArgumentException) {
                throw SerializationException("bin is not base64", e)
            }
        }
    }
}
