package dev.iotsdk.emulator.internal

import kotlinx.serialization.json.JsonArray
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive
import java.net.InetAddress
import java.time.Instant
import java.time.format.DateTimeParseException

/**
 * One condition of a policy statement's `Condition` block: `"<Operator>": {"<key>": <value or values>}`, with the IAM
 * operators AWS IoT policies take (IAM User Guide, "IAM JSON policy elements: Condition operators"): `String*`,
 * `Numeric*`, `Date*`, `Bool`, `IpAddress`/`NotIpAddress`, `Arn*`, `Null`, the `...IfExists` suffix and the
 * `ForAnyValue:`/`ForAllValues:` set qualifiers. A condition holds when the request's value of [key] matches one of
 * [values] (none of them for the negated operators); a missing key fails it, except with `IfExists` (and for `Null`,
 * which tests exactly that). Values may use policy variables, substituted as literal text.
 */
internal class Condition(
    private val operator: ConditionOperator,
    private val key: String,
    private val values: List<String>,
) {
    fun holds(variables: PolicyVariables): Boolean {
        val actual = variables.values(key)?.takeIf { it.isNotEmpty() }
        val expected = values.map { variables.pattern(it) }
        fun one(value: String): Boolean = expected.any { it != null && operator.compare(value, it) } != operator.negated
        return when {
            operator.base == "Null" -> (actual == null) == values.any { it.equals("true", ignoreCase = true) }
            actual == null -> operator.ifExists || operator.set == SetQualifier.FOR_ALL_VALUES
            expected.any { it == null } -> false // a policy variable in a value could not be resolved
            operator.set == SetQualifier.FOR_ALL_VALUES -> actual.all(::one)
            else -> actual.any(::one)
        }
    }

    companion object {
        /** Parses a statement's `Condition` object. @throws IllegalArgumentException for an unknown operator. */
        fun parse(block: JsonObject): List<Condition> = block.flatMap { (name, keys) ->
            val operator = ConditionOperator.parse(name)
            require(keys is JsonObject) { "Condition operator $name must map keys to values" }
            keys.map { (key, value) ->
                val values = when (value) {
                    is JsonPrimitive -> listOf(value.content)
                    is JsonArray -> value.map {
                        (it as? JsonPrimitive)?.content
                            ?: throw IllegalArgumentException("condition values are strings")
                    }
                    else -> throw IllegalArgumentException("condition $name $key: a value or a list of values")
                }
                Condition(operator, key, values)
            }
        }
    }
}

internal enum class SetQualifier { FOR_ANY_VALUE, FOR_ALL_VALUES }

/** A condition operator: its [base] name, whether it is negated, `IfExists`, and its set qualifier. */
internal class ConditionOperator(val base: String, val ifExists: Boolean, val set: SetQualifier?) {
    val negated: Boolean = base in NEGATED

    /** Whether request value [actual] matches policy value [expected] (before negation). */
    fun compare(actual: String, expected: GlobPattern): Boolean {
        val e = expected.text
        return when (base) {
            "StringEquals", "StringNotEquals" -> actual == e
            "StringEqualsIgnoreCase", "StringNotEqualsIgnoreCase" -> actual.equals(e, ignoreCase = true)
            "StringLike", "StringNotLike", "ArnEquals", "ArnLike", "ArnNotEquals", "ArnNotLike" ->
                Glob.matches(expected, actual, ignoreCase = false)
            "Bool" -> actual.equals(e, ignoreCase = true)
            "IpAddress", "NotIpAddress" -> inCidr(actual, e)
            else -> ordered(actual, e)
        }
    }

    /** The `Numeric*` and `Date*` operators. */
    private fun ordered(actual: String, expected: String): Boolean {
        val order = if (base.startsWith("Numeric")) {
            compareNumbers(actual, expected)
        } else {
            compareDates(actual, expected)
        } ?: return false
        return when (base.removePrefix("Numeric").removePrefix("Date")) {
            "Equals" -> order == 0
            "NotEquals" -> order == 0 // negated by the caller
            "LessThan" -> order < 0
            "LessThanEquals" -> order <= 0
            "GreaterThan" -> order > 0
            "GreaterThanEquals" -> order >= 0
            else -> false
        }
    }

    private fun compareNumbers(a: String, b: String): Int? {
        val x = a.toBigDecimalOrNull() ?: return null
        val y = b.toBigDecimalOrNull() ?: return null
        return x.compareTo(y)
    }

    private fun compareDates(a: String, b: String): Int? {
        fun instant(s: String): Instant? = s.toLongOrNull()?.let(Instant::ofEpochSecond) ?: try {
            Instant.parse(s)
        } catch (ignored: DateTimeParseException) {
            null
        }
        val x = instant(a) ?: return null
        val y = instant(b) ?: return null
        return x.compareTo(y)
    }

    private fun inCidr(address: String, cidr: String): Boolean = try {
        val ip = InetAddress.getByName(address).address
        val net = InetAddress.getByName(cidr.substringBefore('/')).address
        val bits = cidr.substringAfter('/', "").toIntOrNull() ?: (net.size * Byte.SIZE_BITS)
        ip.size == net.size &&
            (0 until bits).all { i ->
                val mask = 1 shl (Byte.SIZE_BITS - 1 - i % Byte.SIZE_BITS)
                (ip[i / Byte.SIZE_BITS].toInt() and mask) == (net[i / Byte.SIZE_BITS].toInt() and mask)
            }
    } catch (ignored: java.net.UnknownHostException) {
        false
    }

    companion object {
        private val NEGATED = setOf(
            "StringNotEquals",
            "StringNotEqualsIgnoreCase",
            "StringNotLike",
            "NumericNotEquals",
            "DateNotEquals",
            "NotIpAddress",
            "ArnNotEquals",
            "ArnNotLike",
        )
        private val KNOWN = NEGATED + setOf(
            "StringEquals", "StringEqualsIgnoreCase", "StringLike", "NumericEquals", "NumericLessThan",
            "NumericLessThanEquals", "NumericGreaterThan", "NumericGreaterThanEquals", "DateEquals", "DateLessThan",
            "DateLessThanEquals", "DateGreaterThan", "DateGreaterThanEquals", "Bool", "IpAddress", "ArnEquals",
            "ArnLike", "Null",
        )

        /** `[ForAnyValue:|ForAllValues:]<Operator>[IfExists]`. @throws IllegalArgumentException when unknown. */
        fun parse(name: String): ConditionOperator {
            val set = when {
                name.startsWith("ForAnyValue:") -> SetQualifier.FOR_ANY_VALUE
                name.startsWith("ForAllValues:") -> SetQualifier.FOR_ALL_VALUES
                else -> null
            }
            val unqualified = name.substringAfter(':')
            val ifExists = unqualified.endsWith("IfExists") && unqualified != "IfExists"
            val base = unqualified.removeSuffix("IfExists")
            require(base in KNOWN && !(ifExists && base == "Null")) { "unknown condition operator $name" }
            return ConditionOperator(base, ifExists, set)
        }
    }
}
