import java.io.IOException;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassFileVersion;
import java.lang.classfile.ClassHierarchyResolver;
import java.lang.classfile.ClassTransform;
import java.lang.classfile.CodeTransform;
import java.lang.classfile.instruction.LocalVariable;
import java.lang.classfile.instruction.LocalVariableType;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Rewrites the class files under each directory given, in place, for a bundle: run by the bundles'
 * make-bundle.sh (capture and replay) on the JDK 25 that builds them, over the unpacked jars, as
 * {@code java UpgradeClasses.java [--drop-local-variables] DIR...}.
 *
 * <ul>
 * <li>Class files older than Java 6 (major version below 50) become Java 8 class files with stack maps,
 * the same bytecode otherwise. Why: the JDK's AOT cache (JEP 483/514) skips "old" classes, which need the
 * old type-inferencing verifier at run time. picocli 4.7 is compiled for Java 5, so without this its ~170
 * classes were loaded, parsed and verified from the jar on every start (with the lambdas of Main that
 * implement its interfaces): about a third of the start-up CPU of {@code procsnap --version}, and for
 * {@code procsnap-replay} the 175 classes its training run logged as "Old class has been linked".</li>
 * <li>With {@code --drop-local-variables}, every class loses its local variable tables
 * ({@code LocalVariableTable}, {@code LocalVariableTypeTable}): debuggers' names for locals, which a
 * field bundle never serves. Line numbers and source file names stay, so stack traces read as before.
 * The capture bundle takes it: its unpacked size has a 40 MB budget (capture/README, The bundle: size).</li>
 * </ul>
 * A class file that needs neither is left as it is, byte for byte.
 */
final class UpgradeClasses {
    private static final int JAVA_6 = 50;
    private static final int JAVA_8 = 52;

    private UpgradeClasses() {
    }

    public static void main(String[] args) throws IOException {
        List<String> dirs = new ArrayList<>(List.of(args));
        boolean dropLocals = dirs.remove("--drop-local-variables");
        // stack maps need the common super class of merged types: the JDK's, else the one of the directories'
        // (a class of one jar may merge types of another)
        List<URL> urls = new ArrayList<>();
        for (String dir : dirs) {
            urls.add(Path.of(dir).toUri().toURL());
        }
        ClassLoader own = new URLClassLoader(urls.toArray(URL[]::new), null);
        for (String dir : dirs) {
            Path root = Path.of(dir);
            ClassFile cf = ClassFile.of(ClassFile.ClassHierarchyResolverOption.of(ClassHierarchyResolver
                    .defaultResolver().orElse(ClassHierarchyResolver.ofResourceParsing(own))));
            CodeTransform code = dropLocals
                    ? (builder, element) -> {
                        if (!(element instanceof LocalVariable || element instanceof LocalVariableType)) {
                            builder.with(element);
                        }
                    }
                    : CodeTransform.ACCEPT_ALL;
            ClassTransform bodies = ClassTransform.transformingMethodBodies(code);
            ClassTransform upgrade = bodies.andThen((builder, element) -> {
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
            long before = 0;
            long after = 0;
            for (Path p : classes) {
                byte[] bytes = Files.readAllBytes(p);
                int major = (bytes[6] & 0xff) << 8 | bytes[7] & 0xff;
                if (major < JAVA_6) {
                    bytes = cf.transformClass(cf.parse(bytes), upgrade);
                    upgraded++;
                } else if (dropLocals) {
                    bytes = cf.transformClass(cf.parse(bytes), bodies);
                } else {
                    continue;
                }
                before += Files.size(p);
                after += bytes.length;
                Files.write(p, bytes);
            }
            if (upgraded > 0) {
                System.err.println("make-bundle: " + upgraded + " class files older than Java 6 rewritten as Java 8 in " + dir);
            }
            if (dropLocals) {
                System.err.println("make-bundle: local variable tables dropped in " + dir + ": class files "
                        + before + " -> " + after + " bytes");
            }
        }
    }
}
