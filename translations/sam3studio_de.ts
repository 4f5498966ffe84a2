<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>AboutDialog</name>
    <message>
        <source>Label fuse cutouts, fine-tune SAM3 on your own GPU and review its detections.</source>
        <translation>Sicherungsausschnitte beschriften, SAM3 auf der eigenen GPU feinabstimmen und die Erkennungen prüfen.</translation>
    </message>
    <message>
        <source>Build</source>
        <translation>Build</translation>
    </message>
    <message>
        <source>LibTorch</source>
        <translation>LibTorch</translation>
    </message>
    <message>
        <source>CUDA</source>
        <translation>CUDA</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>ja</translation>
    </message>
    <message>
        <source>no</source>
        <translation>nein</translation>
    </message>
    <message>
        <source>About SAM3 Studio</source>
        <translation>Über SAM3 Studio</translation>
    </message>
</context>
<context>
    <name>AnnotationCommand</name>
    <message>
        <source>%1 failed: %2</source>
        <translation>%1 fehlgeschlagen: %2</translation>
    </message>
</context>
<context>
    <name>ClassCommand</name>
    <message>
        <source>%1 failed: %2</source>
        <translation>%1 fehlgeschlagen: %2</translation>
    </message>
</context>
<context>
    <name>Panels</name>
    <message>
        <source>Training</source>
        <translation>Training</translation>
    </message>
    <message>
        <source>Training settings, live loss curves and the log appear here.</source>
        <translation>Hier erscheinen Trainingseinstellungen, Live-Verlustkurven und das Protokoll.</translation>
    </message>
    <message>
        <source>Review</source>
        <translation>Prüfung</translation>
    </message>
    <message>
        <source>The fine-tuned model&apos;s detections, photo by photo, to accept or fix.</source>
        <translation>Die Erkennungen des feinabgestimmten Modells, Foto für Foto, zum Annehmen oder Korrigieren.</translation>
    </message>
    <message>
        <source>The polygons and boxes of this photo.</source>
        <translation>Die Polygone und Rechtecke dieses Fotos.</translation>
    </message>
    <message>
        <source>Training runs and their checkpoints.</source>
        <translation>Trainingsläufe und ihre Checkpoints.</translation>
    </message>
</context>
<context>
    <name>sam3::ui::AnnotationCanvas</name>
    <message>
        <source>Add a class in the Classes panel before drawing.</source>
        <translation>Vor dem Zeichnen im Klassen-Bereich eine Klasse anlegen.</translation>
    </message>
    <message>
        <source>Select a polygon, then draw the hole to cut out of it.</source>
        <translation>Erst ein Polygon auswählen, dann das Loch zeichnen, das herausgeschnitten wird.</translation>
    </message>
    <message>
        <source>Cut hole</source>
        <translation>Loch ausschneiden</translation>
    </message>
    <message>
        <source>Cut away</source>
        <translation>Wegschneiden</translation>
    </message>
    <message>
        <source>The hole&apos;s outline crosses itself; draw it again.</source>
        <translation>Der Umriss des Lochs kreuzt sich selbst; bitte neu zeichnen.</translation>
    </message>
    <message>
        <source>The hole lies outside the selected polygon.</source>
        <translation>Das Loch liegt außerhalb des ausgewählten Polygons.</translation>
    </message>
    <message>
        <source>The hole covers the whole polygon; delete the polygon instead (Delete).</source>
        <translation>Das Loch bedeckt das ganze Polygon; stattdessen das Polygon löschen (Entf).</translation>
    </message>
    <message>
        <source>The cut would split the polygon in pieces; nothing was cut.</source>
        <translation>Der Schnitt würde das Polygon zerteilen; nichts wurde ausgeschnitten.</translation>
    </message>
    <message>
        <source>Move shape</source>
        <translation>Form verschieben</translation>
    </message>
    <message>
        <source>Resize box</source>
        <translation>Rechteckgröße ändern</translation>
    </message>
    <message>
        <source>Delete hole</source>
        <translation>Loch löschen</translation>
    </message>
    <message>
        <source>Select a shape first, then give it a class.</source>
        <translation>Erst eine Form auswählen, dann ihr eine Klasse geben.</translation>
    </message>
    <message>
        <source>Nothing to copy: this photo has no shapes.</source>
        <translation>Nichts zu kopieren: Dieses Foto hat keine Formen.</translation>
    </message>
    <message numerus="yes">
        <source>Copied %n shape(s).</source>
        <translation>
            <numerusform>%n Form kopiert.</numerusform>
            <numerusform>%n Formen kopiert.</numerusform>
        </translation>
    </message>
    <message>
        <source>Nothing to paste: copy shapes first (Ctrl+C).</source>
        <translation>Nichts einzufügen: erst Formen kopieren (Strg+C).</translation>
    </message>
    <message numerus="yes">
        <source>Paste %n shape(s)</source>
        <translation>
            <numerusform>%n Form einfügen</numerusform>
            <numerusform>%n Formen einfügen</numerusform>
        </translation>
    </message>
    <message>
        <source>Pasted %1 shape(s); %2 left out (no class, or outside the photo).</source>
        <translation>%1 Form(en) eingefügt; %2 ausgelassen (ohne Klasse oder außerhalb des Fotos).</translation>
    </message>
    <message numerus="yes">
        <source>Pasted %n shape(s).</source>
        <translation>
            <numerusform>%n Form eingefügt.</numerusform>
            <numerusform>%n Formen eingefügt.</numerusform>
        </translation>
    </message>
    <message>
        <source>Copy shape</source>
        <translation>Form kopieren</translation>
    </message>
    <message>
        <source>Copy all shapes of the photo</source>
        <translation>Alle Formen des Fotos kopieren</translation>
    </message>
    <message>
        <source>Delete shape</source>
        <translation>Form löschen</translation>
    </message>
    <message>
        <source>Cut a hole…</source>
        <translation>Loch ausschneiden…</translation>
    </message>
    <message>
        <source>Class</source>
        <translation>Klasse</translation>
    </message>
</context>
<context>
    <name>sam3::ui::AnnotationWorkspace</name>
    <message>
        <source>Select a shape first, then assign a class to it.</source>
        <translation>Erst eine Form auswählen, dann ihr eine Klasse zuweisen.</translation>
    </message>
    <message>
        <source>Edit</source>
        <translation>Bearbeiten</translation>
    </message>
    <message>
        <source>Polygon</source>
        <translation>Polygon</translation>
    </message>
    <message>
        <source>Click points; close on the first point or Enter, Esc cancels (P)</source>
        <translation>Punkte klicken; mit dem ersten Punkt oder Eingabe schließen, Esc bricht ab (P)</translation>
    </message>
    <message>
        <source>Box</source>
        <translation>Rechteck</translation>
    </message>
    <message>
        <source>Drag a rectangle (B)</source>
        <translation>Ein Rechteck aufziehen (B)</translation>
    </message>
    <message>
        <source>Fit</source>
        <translation>Einpassen</translation>
    </message>
    <message>
        <source>Fit the photo into the view (F)</source>
        <translation>Das Foto in die Ansicht einpassen (F)</translation>
    </message>
    <message>
        <source>1:1</source>
        <translation>1:1</translation>
    </message>
    <message>
        <source>One photo pixel per screen pixel (Ctrl+0)</source>
        <translation>Ein Fotopixel pro Bildschirmpixel (Strg+0)</translation>
    </message>
    <message>
        <source>Fill</source>
        <translation>Füllung</translation>
    </message>
    <message>
        <source>Fill opacity of the shapes</source>
        <translation>Deckkraft der Formfüllung</translation>
    </message>
    <message>
        <source>Select and edit shapes: drag vertices, drag an edge to insert one, drag the shape to move it, Delete removes, 1-9 set the class, Ctrl+C / Ctrl+V copy and paste (E)</source>
        <translation>Formen auswählen und bearbeiten: Eckpunkte ziehen, an einer Kante ziehen fügt einen ein, die Form ziehen verschiebt sie, Entf löscht, 1-9 setzen die Klasse, Strg+C / Strg+V kopieren und einfügen (E)</translation>
    </message>
    <message>
        <source>Hole</source>
        <translation>Loch</translation>
    </message>
    <message>
        <source>Draw a polygon to cut out of the selected polygon; across its border it cuts a notch (H)</source>
        <translation>Ein Polygon zeichnen, das aus dem ausgewählten Polygon ausgeschnitten wird; über dessen Rand hinweg schneidet es eine Kerbe (H)</translation>
    </message>
</context>
<context>
    <name>sam3::ui::ClassesPanel</name>
    <message>
        <source>This still carries a Roboflow-generated suffix; SAM3 would read it as a word. Edit the prompt to plain words.</source>
        <translation>Dies trägt noch ein von Roboflow erzeugtes Suffix; SAM3 würde es als Wort lesen. Den Prompt in klare Worte ändern.</translation>
    </message>
    <message>
        <source>The text SAM3 is prompted with for this class</source>
        <translation>Der Text, mit dem SAM3 für diese Klasse gepromptet wird</translation>
    </message>
    <message>
        <source>class %1</source>
        <translation>Klasse %1</translation>
    </message>
    <message>
        <source>Class colour</source>
        <translation>Klassenfarbe</translation>
    </message>
    <message>
        <source>Class</source>
        <translation>Klasse</translation>
    </message>
    <message>
        <source>SAM3 prompt</source>
        <translation>SAM3-Prompt</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>Hinzufügen</translation>
    </message>
    <message>
        <source>Add a class</source>
        <translation>Eine Klasse hinzufügen</translation>
    </message>
    <message>
        <source>Colour…</source>
        <translation>Farbe…</translation>
    </message>
    <message>
        <source>Assign</source>
        <translation>Zuweisen</translation>
    </message>
    <message>
        <source>Give the selected shape this class</source>
        <translation>Der ausgewählten Form diese Klasse geben</translation>
    </message>
</context>
<context>
    <name>sam3::ui::MainWindow</name>
    <message>
        <source>SAM3 Studio</source>
        <translation>SAM3 Studio</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>&amp;Bearbeiten</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>&amp;Mode</source>
        <translation>&amp;Modus</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>&amp;Sprache</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>Main toolbar</source>
        <translation>Hauptwerkzeugleiste</translation>
    </message>
    <message>
        <source>&amp;Open Project…</source>
        <translation>Projekt ö&amp;ffnen…</translation>
    </message>
    <message>
        <source>&amp;Import…</source>
        <translation>&amp;Importieren…</translation>
    </message>
    <message>
        <source>&amp;Export…</source>
        <translation>&amp;Exportieren…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>&amp;Rückgängig</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>&amp;Wiederherstellen</translation>
    </message>
    <message>
        <source>Annotate</source>
        <translation>Beschriften</translation>
    </message>
    <message>
        <source>Train</source>
        <translation>Trainieren</translation>
    </message>
    <message>
        <source>Review</source>
        <translation>Prüfung</translation>
    </message>
    <message>
        <source>&amp;About SAM3 Studio</source>
        <translation>Ü&amp;ber SAM3 Studio</translation>
    </message>
    <message>
        <source>Photos</source>
        <translation>Fotos</translation>
    </message>
    <message>
        <source>Classes</source>
        <translation>Klassen</translation>
    </message>
    <message>
        <source>Shapes</source>
        <translation>Formen</translation>
    </message>
    <message>
        <source>Checkpoints</source>
        <translation>Checkpoints</translation>
    </message>
    <message>
        <source>No project open</source>
        <translation>Kein Projekt geöffnet</translation>
    </message>
    <message>
        <source>Device: %1 (CUDA)</source>
        <translation>Gerät: %1 (CUDA)</translation>
    </message>
    <message>
        <source>Device: CPU</source>
        <translation>Gerät: CPU</translation>
    </message>
    <message>
        <source>Model: none loaded (%1)</source>
        <translation>Modell: keines geladen (%1)</translation>
    </message>
    <message>
        <source>Zoom %1%</source>
        <translation>Zoom %1%</translation>
    </message>
    <message>
        <source>Open Project</source>
        <translation>Projekt öffnen</translation>
    </message>
    <message>
        <source>Could not open the project %1:
%2</source>
        <translation>Das Projekt %1 ließ sich nicht öffnen:
%2</translation>
    </message>
    <message>
        <source>Undo %1</source>
        <translation>%1 rückgängig machen</translation>
    </message>
    <message>
        <source>Redo %1</source>
        <translation>%1 wiederherstellen</translation>
    </message>
    <message>
        <source>x %1, y %2 px</source>
        <translation>x %1, y %2 px</translation>
    </message>
    <message>
        <source>%1 — SAM3 Studio</source>
        <translation>%1 — SAM3 Studio</translation>
    </message>
</context>
<context>
    <name>sam3::ui::PhotoBrowser</name>
    <message>
        <source>Search by name</source>
        <translation>Nach Namen suchen</translation>
    </message>
    <message>
        <source>All photos</source>
        <translation>Alle Fotos</translation>
    </message>
    <message>
        <source>Unlabeled</source>
        <translation>Unbeschriftet</translation>
    </message>
    <message>
        <source>In progress</source>
        <translation>In Arbeit</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Fertig</translation>
    </message>
    <message>
        <source>Reviewed</source>
        <translation>Geprüft</translation>
    </message>
    <message>
        <source>Confirmed negatives</source>
        <translation>Bestätigte Negative</translation>
    </message>
    <message>
        <source>Train split</source>
        <translation>Trainings-Split</translation>
    </message>
    <message>
        <source>Valid split</source>
        <translation>Validierungs-Split</translation>
    </message>
    <message>
        <source>Test split</source>
        <translation>Test-Split</translation>
    </message>
    <message>
        <source>Next photo</source>
        <translation>Nächstes Foto</translation>
    </message>
    <message>
        <source>Previous photo</source>
        <translation>Vorheriges Foto</translation>
    </message>
</context>
<context>
    <name>sam3::ui::PhotoListModel</name>
    <message>
        <source>unlabeled</source>
        <translation>unbeschriftet</translation>
    </message>
    <message>
        <source>in progress</source>
        <translation>in Arbeit</translation>
    </message>
    <message>
        <source>done</source>
        <translation>fertig</translation>
    </message>
    <message>
        <source>reviewed</source>
        <translation>geprüft</translation>
    </message>
    <message>
        <source>train</source>
        <translation>train</translation>
    </message>
    <message>
        <source>valid</source>
        <translation>valid</translation>
    </message>
    <message>
        <source>test</source>
        <translation>test</translation>
    </message>
    <message>
        <source>%1
%2 × %3 px · %4</source>
        <translation>%1
%2 × %3 px · %4</translation>
    </message>
</context>
<context>
    <name>sam3::ui::ProjectDocument</name>
    <message>
        <source>Draw box</source>
        <translation>Rechteck zeichnen</translation>
    </message>
    <message>
        <source>Draw polygon</source>
        <translation>Polygon zeichnen</translation>
    </message>
    <message>
        <source>Delete shape</source>
        <translation>Form löschen</translation>
    </message>
    <message>
        <source>Move vertex</source>
        <translation>Eckpunkt verschieben</translation>
    </message>
    <message>
        <source>Insert vertex</source>
        <translation>Eckpunkt einfügen</translation>
    </message>
    <message>
        <source>Delete vertex</source>
        <translation>Eckpunkt löschen</translation>
    </message>
    <message>
        <source>Change class</source>
        <translation>Klasse ändern</translation>
    </message>
    <message>
        <source>A class needs a name.</source>
        <translation>Eine Klasse braucht einen Namen.</translation>
    </message>
    <message>
        <source>Add class</source>
        <translation>Klasse hinzufügen</translation>
    </message>
    <message>
        <source>Rename class</source>
        <translation>Klasse umbenennen</translation>
    </message>
    <message>
        <source>Recolour class</source>
        <translation>Klasse umfärben</translation>
    </message>
    <message>
        <source>Edit prompt</source>
        <translation>Prompt bearbeiten</translation>
    </message>
</context>
</TS>
