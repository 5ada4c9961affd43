package dev.iotsdk.core

/**
 * Marks API that is public only so that iotsdk's own service modules (`iot-shadow`, `iot-jobs`,
 * `iot-provisioning`, …) can use it across module boundaries. It is not part of the supported API: it may change or
 * disappear in any release without notice. Using it outside iotsdk requires `@OptIn(InternalIotSdkApi::class)` and
 * is at your own risk.
 */
@RequiresOptIn(
    message = "This API is for iotsdk's own service modules; it may change without notice.",
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
