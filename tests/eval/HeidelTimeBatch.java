// Runs HeidelTime's standalone tagger (HeidelTimeStandalone, no part-of-speech
// tagger, news type, TimeML output) over many documents in one JVM, each with
// its own document creation time. Used by tests/eval/heideltime.py, which
// fetches HeidelTime from Maven Central; nothing of HeidelTime is kept in this
// repository.
//
// Usage: java -cp HEIDELTIME_JAR:UIMA_JAR HeidelTimeBatch.java CONFIG MANIFEST
// MANIFEST has one document a line: language (german, spanish, ...), DCT
// (YYYY-MM-DD), input text file (UTF-8), output file for the TimeML.

import de.unihd.dbs.heideltime.standalone.DocumentType;
import de.unihd.dbs.heideltime.standalone.HeidelTimeStandalone;
import de.unihd.dbs.heideltime.standalone.OutputType;
import de.unihd.dbs.heideltime.standalone.POSTagger;
import de.unihd.dbs.uima.annotator.heideltime.resources.Language;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.text.SimpleDateFormat;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.Logger;

public class HeidelTimeBatch {
    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: HeidelTimeBatch CONFIG MANIFEST");
            System.exit(2);
        }
        // As the standalone's main() does without -v: warnings and above.
        Logger root = Logger.getLogger("");
        root.setLevel(Level.WARNING);
        for (Handler h : root.getHandlers())
            h.setLevel(Level.WARNING);
        String config = args[0];
        HeidelTimeStandalone.readConfigFile(config);
        Map<String, HeidelTimeStandalone> taggers = new HashMap<>();
        SimpleDateFormat fmt = new SimpleDateFormat("yyyy-MM-dd");
        List<String> lines = Files.readAllLines(Paths.get(args[1]), StandardCharsets.UTF_8);
        int done = 0;
        for (String line : lines) {
            if (line.isEmpty())
                continue;
            String[] f = line.split("\t");
            HeidelTimeStandalone ht = taggers.get(f[0]);
            if (ht == null) {
                ht = new HeidelTimeStandalone(Language.getLanguageFromString(f[0]),
                                              DocumentType.NEWS, OutputType.TIMEML, config,
                                              POSTagger.NO);
                taggers.put(f[0], ht);
            }
            // The text as it is: what the standalone's main() passes for a
            // file without a final line break (its output for the same file
            // is the same but for the line break println adds).
            String text = new String(Files.readAllBytes(Paths.get(f[2])), StandardCharsets.UTF_8);
            String out = ht.process(text, fmt.parse(f[1]));
            Files.write(Paths.get(f[3]), out.getBytes(StandardCharsets.UTF_8));
            done++;
        }
        System.err.println("HeidelTimeBatch: " + done + " documents");
    }
}
