package dev.iotsdk.greengrass.internal

/**
 * Marks a class that uses JDK API Android lacks (the JDK 9 ALPN API) and is loaded only when the user
 * chooses [dev.iotsdk.common.HttpEngine.JAVA] (a runtime guard), so the build's Android API 26 check
 * (animal-sniffer, root pom `sdk-module` profile) skips it.
 */
@Retention(AnnotationRetention.BINARY)
@Target(AnnotationTarget.CLASS)
internal annotation class JdkOnly
