package dev.iotsdk.common

/**
 * Marks API that is public only so that iotsdk's own modules (`iot-core`, `iot-shadow`, `iot-auth`,
 * `iot-dataplane`, …) can use it across module boundaries. It is not part of the supported API: it may change or
 * disappear in any release without notice. Using it outside iotsdk requires `@OptIn(InternalIotSdkApi::class)` and
 * is at your own risk.
 *
 * ```kotlin
 * @OptIn(InternalIotSdkApi::class)
 * class ShadowClient internal constructor(private val requests: RequestResponseClient) { /* … */ }
 * ```
 */
@RequiresOptIn(
    message = "This API is for iotsdk's own modules; it may change without notice.",
    level = RequiresOptIn.Level.ERROR,
)
@Retention(AnnotationRetention.BINARY)
@Target(
    AnnotationTarget.CLASS,
    AnnotationTarget.FUNCTION,
    AnnotationTarget.PROPERTY,
    AnnotationTarget.CONSTRUCTOR,
    AnnotationTarget.TYPEALIAS,
)
public annotation class InternalIotSdkApi
