package dev.iotsdk.defender

import dev.iotsdk.defender.internal.IpAddresses

/**
 * The value of a custom metric, one of AWS's four custom metric types (`CreateCustomMetric`'s `metricType`). In a
 * report each is written as an array of one object: `"<name>": [{"number": 1}]`, `[{"number_list": [1, 2]}]`,
 * `[{"string_list": ["a"]}]` or `[{"ip_list": ["10.0.0.1"]}]`.
 *
 * ```kotlin
 * val uptime: CustomMetricValue = CustomMetricValue.number(3600.0)
 * val nics = CustomMetricValue.stringList(listOf("eth0", "wlan0"))
 * ```
 */
public sealed class CustomMetricValue {
    /** The AWS metric type: `number`, `number-list`, `string-list` or `ip-address-list`. */
    public abstract val metricType: String

    /** A `number` metric (finite). */
    public class Number internal constructor(
        /** The value. */
        public val value: Double,
    ) : CustomMetricValue() {
        override val metricType: String get() = "number"

        override fun equals(other: Any?): Boolean = other is Number && value == other.value

        override fun hashCode(): Int = value.hashCode()

        override fun toString(): String = "number($value)"
    }

    /** A `number-list` metric (finite numbers). */
    public class NumberList internal constructor(
        /** The values. */
        public val values: List<Double>,
    ) : CustomMetricValue() {
        override val metricType: String get() = "number-list"

        override fun equals(other: Any?): Boolean = other is NumberList && values == other.values

        override fun hashCode(): Int = values.hashCode()

        override fun toString(): String = "number-list($values)"
    }

    /** A `string-list` metric. */
    public class StringList internal constructor(
        /** The values. */
        public val values: List<String>,
    ) : CustomMetricValue() {
        override val metricType: String get() = "string-list"

        override fun equals(other: Any?): Boolean = other is StringList && values == other.values

        override fun hashCode(): Int = values.hashCode()

        override fun toString(): String = "string-list(${values.size} values)"
    }

    /** An `ip-address-list` metric: IPv4 or IPv6 literals. */
    public class IpAddressList internal constructor(
        /** The addresses. */
        public val values: List<String>,
    ) : CustomMetricValue() {
        override val metricType: String get() = "ip-address-list"

        override fun equals(other: Any?): Boolean = other is IpAddressList && values == other.values

        override fun hashCode(): Int = values.hashCode()

        override fun toString(): String = "ip-address-list(${values.size} addresses)"
    }

    /** Factories, checking what AWS would refuse. */
    public companion object {
        /**
         * A `number` metric.
         * @throws IllegalArgumentException when [value] is NaN or infinite.
         */
        @JvmStatic
        public fun number(value: Double): CustomMetricValue {
            require(value.isFinite()) { "a number metric must be finite" }
            return Number(value)
        }

        /** A `number` metric from an integer. */
        @JvmStatic
        public fun number(value: Long): CustomMetricValue = Number(value.toDouble())

        /**
         * A `number-list` metric.
         * @throws IllegalArgumentException when a value is NaN or infinite.
         */
        @JvmStatic
        public fun numberList(values: List<Double>): CustomMetricValue {
            require(values.all { it.isFinite() }) { "number-list values must be finite" }
            return NumberList(values.toList())
        }

        /** A `string-list` metric. */
        @JvmStatic
        public fun stringList(values: List<String>): CustomMetricValue = StringList(values.toList())

        /**
         * An `ip-address-list` metric.
         * @throws IllegalArgumentException when a value is not an IPv4 or IPv6 literal (host names are refused).
         */
        @JvmStatic
        public fun ipAddressList(values: List<String>): CustomMetricValue {
            val bad = values.indexOfFirst { !IpAddresses.isIp(it) }
            require(bad < 0) { "ip-address-list value $bad is not an IPv4 or IPv6 address" }
            return IpAddressList(values.toList())
        }
    }
}
