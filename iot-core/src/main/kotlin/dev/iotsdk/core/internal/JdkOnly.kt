package dev.iotsdk.core.internal

/**
 * Marks code that uses JDK API Android lacks and is reached only behind a runtime guard, so the build's Android API 26
 * check (animal-sniffer, root pom `sdk-module` profile) skips it. Say what the guard is where it is used.
 */
@Retention(AnnotationRetention.BINARY)
@Target(AnnotationTarget.CLASS, AnnotationTarget.FUNCTION)
internal annotation class JdkOnly
