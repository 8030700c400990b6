import java.io.IOException;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassFileVersion;
import java.lang.classfile.ClassHierarchyResolver;
import java.lang.classfile.ClassTransform;
import java.lang.classfile.CodeTransform;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Rewrites the class files older than Java 6 (major version below 50) under each directory given as
 * Java 8 class files with stack maps, the same bytecode otherwise. Run by make-bundle.sh on the JDK 25
 * that builds the bundle (java UpgradeClasses.java DIR...), over the unpacked jars.
 *
 * <p>Why: the JDK's AOT cache (JEP 483/514) skips "old" classes, which need the old type-inferencing
 * verifier at run time. picocli 4.7 is compiled for Java 5, so without this its ~170 classes were loaded,
 * parsed and verified from the jar on every start (with the lambdas of Main that implement its
 * interfaces), about a third of the start-up CPU of {@code procsnap --version}.
 */
final class UpgradeClasses {
    private static final int JAVA_6 = 50;
    private static final int JAVA_8 = 52;

    private UpgradeClasses() {
    }

    public static void main(String[] args) throws IOException {
        for (String dir : args) {
            Path root = Path.of(dir);
            // stack maps need the common super class of merged types: the JDK's, else this directory's
            ClassLoader own = new URLClassLoader(new URL[] {root.toUri().toURL()}, null);
            ClassFile cf = ClassFile.of(ClassFile.ClassHierarchyResolverOption.of(ClassHierarchyResolver
                    .defaultResolver().orElse(ClassHierarchyResolver.ofResourceParsing(own))));
            ClassTransform upgrade = ClassTransform.transformingMethodBodies(CodeTransform.ACCEPT_ALL)
                    .andThen((builder, element) -> {
                        if (element instanceof ClassFileVersion) {
                            builder.withVersion(JAVA_8, 0);
                        } else {
                            builder.with(element);
                        }
                    });
            List<Path> classes;
            try (Stream<Path> files = Files.walk(root)) {
                classes = files.filter(p -> p.getFileName().toString().endsWith(".class")).toList();
            }
            int upgraded = 0;
            for (Path p : classes) {
                byte[] bytes = Files.readAllBytes(p);
                int major = (bytes[6] & 0xff) << 8 | bytes[7] & 0xff;
                if (major < JAVA_6) {
                    Files.write(p, cf.transformClass(cf.parse(bytes), upgrade));
                    upgraded++;
                }
            }
            if (upgraded > 0) {
                System.err.println("make-bundle: " + upgraded + " class files older than Java 6 rewritten as Java 8 in " + dir);
            }
        }
    }
}
