<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>AboutDialog</name>
    <message>
        <source>Label fuse cutouts, fine-tune SAM3 on your own GPU and review its detections.</source>
        <translation>Sicherungstrenner beschriften, SAM3 auf der eigenen GPU feinabstimmen und die Erkennungen prüfen.</translation>
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
    <name>ActionRegistry</name>
    <message>
        <source>Project</source>
        <translation>Projekt</translation>
    </message>
    <message>
        <source>Edit</source>
        <translation>Bearbeiten</translation>
    </message>
    <message>
        <source>Modes</source>
        <translation>Modi</translation>
    </message>
    <message>
        <source>Drawing tools</source>
        <translation>Zeichenwerkzeuge</translation>
    </message>
    <message>
        <source>Help and settings</source>
        <translation>Hilfe und Einstellungen</translation>
    </message>
    <message>
        <source>Close the polygon or hole being drawn</source>
        <translation>Das gerade gezeichnete Polygon oder Loch schließen</translation>
    </message>
    <message>
        <source>Cancel the shape being drawn, else clear the selection</source>
        <translation>Die gerade gezeichnete Form verwerfen, sonst die Auswahl aufheben</translation>
    </message>
    <message>
        <source>Remove the last point while drawing, else delete the shape</source>
        <translation>Beim Zeichnen den letzten Punkt entfernen, sonst die Form löschen</translation>
    </message>
    <message>
        <source>Delete the selected shape</source>
        <translation>Die ausgewählte Form löschen</translation>
    </message>
    <message>
        <source>Give the selected shape class 1 to 9</source>
        <translation>Der ausgewählten Form Klasse 1 bis 9 geben</translation>
    </message>
    <message>
        <source>Copy the selected shape</source>
        <translation>Die ausgewählte Form kopieren</translation>
    </message>
    <message>
        <source>Paste shapes onto this photo</source>
        <translation>Formen in dieses Foto einfügen</translation>
    </message>
    <message>
        <source>Model proposals</source>
        <translation>Modellvorschläge</translation>
    </message>
    <message>
        <source>Review</source>
        <translation>Prüfung</translation>
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
    <name>DeleteClassCommand</name>
    <message>
        <source>%1 failed: %2</source>
        <translation>%1 fehlgeschlagen: %2</translation>
    </message>
</context>
<context>
    <name>ModelChoices</name>
    <message>
        <source>Active model (%1)</source>
        <translation>Aktives Modell (%1)</translation>
    </message>
    <message>
        <source>Base model of the active model</source>
        <translation>Basismodell des aktiven Modells</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>%1: base model</source>
        <translation>%1: Basismodell</translation>
    </message>
    <message>
        <source>%1 does not exist.</source>
        <translation>%1 existiert nicht.</translation>
    </message>
</context>
<context>
    <name>PhotoCommand</name>
    <message>
        <source>%1 failed: %2</source>
        <translation>%1 fehlgeschlagen: %2</translation>
    </message>
</context>
<context>
    <name>ProjectTasks</name>
    <message>
        <source>Photos imported: %1, annotations: %2, new classes: %3.</source>
        <translation>Importierte Fotos: %1, Annotationen: %2, neue Klassen: %3.</translation>
    </message>
    <message>
        <source>Photos already in the project: %1.</source>
        <translation>Schon im Projekt vorhandene Fotos: %1.</translation>
    </message>
    <message>
        <source>Unreadable photos skipped: %1.</source>
        <translation>Übersprungene unlesbare Fotos: %1.</translation>
    </message>
    <message>
        <source>Annotations skipped: %1.</source>
        <translation>Übersprungene Annotationen: %1.</translation>
    </message>
    <message>
        <source>Issues: %1; the first: %2</source>
        <translation>Hinweise: %1; der erste: %2</translation>
    </message>
    <message>
        <source>Opening the project…</source>
        <translation>Projekt wird geöffnet…</translation>
    </message>
    <message>
        <source>Reading %1…</source>
        <translation>%1 wird gelesen…</translation>
    </message>
    <message>
        <source>Cancelled. Nothing was imported.</source>
        <translation>Abgebrochen. Es wurde nichts importiert.</translation>
    </message>
    <message>
        <source>Writing the export…</source>
        <translation>Der Export wird geschrieben…</translation>
    </message>
    <message>
        <source>Cancelled. Nothing was written.</source>
        <translation>Abgebrochen. Es wurde nichts geschrieben.</translation>
    </message>
    <message>
        <source>Exported %1 photos and %2 annotations to %3.</source>
        <translation>%1 Fotos und %2 Annotationen nach %3 exportiert.</translation>
    </message>
    <message>
        <source>Choose a folder for the export.</source>
        <translation>Einen Ordner für den Export wählen.</translation>
    </message>
    <message>
        <source>%1 is a file, not a folder.</source>
        <translation>%1 ist eine Datei, kein Ordner.</translation>
    </message>
    <message>
        <source>%1 is not empty. Choose a new or empty folder.</source>
        <translation>%1 ist nicht leer. Einen neuen oder leeren Ordner wählen.</translation>
    </message>
    <message>
        <source>COCO annotations (JSON file)</source>
        <translation>COCO-Annotationen (JSON-Datei)</translation>
    </message>
    <message>
        <source>COCO or Roboflow export (folder)</source>
        <translation>COCO- oder Roboflow-Export (Ordner)</translation>
    </message>
    <message>
        <source>YOLO dataset (data.yaml)</source>
        <translation>YOLO-Datensatz (data.yaml)</translation>
    </message>
    <message>
        <source>Pascal VOC (XML files)</source>
        <translation>Pascal VOC (XML-Dateien)</translation>
    </message>
    <message>
        <source>labelme (JSON files)</source>
        <translation>labelme (JSON-Dateien)</translation>
    </message>
    <message>
        <source>a folder of photos</source>
        <translation>ein Ordner mit Fotos</translation>
    </message>
    <message>
        <source>Generating demo photo %1 of %2…</source>
        <translation>Demofoto %1 von %2 wird erzeugt…</translation>
    </message>
    <message>
        <source>The demo project has %1 photos and %2 polygons.</source>
        <translation>Das Demoprojekt hat %1 Fotos und %2 Polygone.</translation>
    </message>
    <message>
        <source>Cancelled. No demo project was written.</source>
        <translation>Abgebrochen. Es wurde kein Demoprojekt geschrieben.</translation>
    </message>
    <message>
        <source>Importing photo %1 of %2…</source>
        <translation>Foto %1 von %2 wird importiert…</translation>
    </message>
    <message>
        <source>Exporting photo %1 of %2…</source>
        <translation>Foto %1 von %2 wird exportiert…</translation>
    </message>
</context>
<context>
    <name>ProposalCommands</name>
    <message numerus="yes">
        <source>Accept %n proposal(s)</source>
        <translation>
            <numerusform>%n Vorschlag annehmen</numerusform>
            <numerusform>%n Vorschläge annehmen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Reject %n proposal(s)</source>
        <translation>
            <numerusform>%n Vorschlag verwerfen</numerusform>
            <numerusform>%n Vorschläge verwerfen</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ReviewModels</name>
    <message>
        <source>%1, %2</source>
        <translation>%1, %2</translation>
    </message>
    <message>
        <source>Active model: %1</source>
        <translation>Aktives Modell: %1</translation>
    </message>
    <message>
        <source>Base SAM3 (Hugging Face cache)</source>
        <translation>Basis-SAM3 (Hugging-Face-Cache)</translation>
    </message>
</context>
<context>
    <name>TrainingForm</name>
    <message>
        <source>Schedule</source>
        <translation>Zeitplan</translation>
    </message>
    <message>
        <source>Epochs</source>
        <translation>Epochen</translation>
    </message>
    <message>
        <source>Stop after steps (0 = all)</source>
        <translation>Nach Schritten anhalten (0 = alle)</translation>
    </message>
    <message>
        <source>Photos per step</source>
        <translation>Fotos pro Schritt</translation>
    </message>
    <message>
        <source>Gradient accumulation</source>
        <translation>Gradientenakkumulation</translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation>Lernrate</translation>
    </message>
    <message>
        <source>Image encoder rate</source>
        <translation>Rate des Bild-Encoders</translation>
    </message>
    <message>
        <source>Text encoder rate</source>
        <translation>Rate des Text-Encoders</translation>
    </message>
    <message>
        <source>Rate schedule</source>
        <translation>Lernraten-Verlauf</translation>
    </message>
    <message>
        <source>Warm-up steps</source>
        <translation>Aufwärmschritte</translation>
    </message>
    <message>
        <source>Memory</source>
        <translation>Speicher</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>Gerät</translation>
    </message>
    <message>
        <source>Mixed precision</source>
        <translation>Gemischte Genauigkeit</translation>
    </message>
    <message>
        <source>Activation checkpointing</source>
        <translation>Aktivierungs-Checkpointing</translation>
    </message>
    <message>
        <source>Freeze the text tower</source>
        <translation>Den Text-Turm einfrieren</translation>
    </message>
    <message>
        <source>Freeze the image encoder</source>
        <translation>Den Bild-Encoder einfrieren</translation>
    </message>
    <message>
        <source>…but train its last blocks</source>
        <translation>…aber seine letzten Blöcke trainieren</translation>
    </message>
    <message>
        <source>LoRA adapters</source>
        <translation>LoRA-Adapter</translation>
    </message>
    <message>
        <source>LoRA rank</source>
        <translation>LoRA-Rang</translation>
    </message>
    <message>
        <source>Data and loss</source>
        <translation>Daten und Verlust</translation>
    </message>
    <message>
        <source>Input side (0 = model&apos;s)</source>
        <translation>Eingabeseite (0 = die des Modells)</translation>
    </message>
    <message>
        <source>Horizontal flip chance</source>
        <translation>Wahrscheinlichkeit horizontaler Spiegelung</translation>
    </message>
    <message>
        <source>Train the masks</source>
        <translation>Die Masken trainieren</translation>
    </message>
    <message>
        <source>Validation and checkpoints</source>
        <translation>Validierung und Checkpoints</translation>
    </message>
    <message>
        <source>Validate every epochs</source>
        <translation>Validieren alle … Epochen</translation>
    </message>
    <message>
        <source>Best by</source>
        <translation>Bestes nach</translation>
    </message>
    <message>
        <source>Checkpoint every epochs</source>
        <translation>Checkpoint alle … Epochen</translation>
    </message>
    <message>
        <source>Keep last checkpoints</source>
        <translation>Letzte Checkpoints behalten</translation>
    </message>
</context>
<context>
    <name>sam3::ui</name>
    <message>
        <source>40 GB and more: full fine-tune</source>
        <translation>40 GB und mehr: volles Feinabstimmen</translation>
    </message>
    <message>
        <source>Every weight trains (the official recipe) with activation checkpointing.</source>
        <translation>Alle Gewichte werden trainiert (das offizielle Rezept), mit Aktivierungs-Checkpointing.</translation>
    </message>
    <message>
        <source>16 GB: frozen text tower + checkpointing</source>
        <translation>16 GB: eingefrorener Text-Turm + Checkpointing</translation>
    </message>
    <message>
        <source>The text encoder is frozen (its features are computed once per class); activations are recomputed in the backward pass.</source>
        <translation>Der Text-Encoder ist eingefroren (seine Merkmale werden einmal pro Klasse berechnet); Aktivierungen werden im Rückwärtsdurchlauf neu berechnet.</translation>
    </message>
    <message>
        <source>8 GB: LoRA</source>
        <translation>8 GB: LoRA</translation>
    </message>
    <message>
        <source>Low-rank adapters on the image encoder, everything else frozen; checkpoints hold only the adapters.</source>
        <translation>Low-Rank-Adapter am Bild-Encoder, alles andere eingefroren; Checkpoints enthalten nur die Adapter.</translation>
    </message>
    <message>
        <source>CPU: sam3-tiny (try the pipeline)</source>
        <translation>CPU: sam3-tiny (den Ablauf ausprobieren)</translation>
    </message>
    <message>
        <source>The tiny model from random initialisation on the CPU: learns the workflow, not your objects.</source>
        <translation>Das winzige Modell aus zufälliger Initialisierung auf der CPU: zeigt den Ablauf, lernt aber nicht Ihre Objekte.</translation>
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
    <message>
        <source>Accept proposal</source>
        <translation>Vorschlag annehmen</translation>
    </message>
    <message>
        <source>Reject proposal</source>
        <translation>Vorschlag verwerfen</translation>
    </message>
    <message numerus="yes">
        <source>Accept all %n proposal(s)</source>
        <translation>
            <numerusform>%n Vorschlag annehmen</numerusform>
            <numerusform>Alle %n Vorschläge annehmen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Reject all %n proposal(s)</source>
        <translation>
            <numerusform>%n Vorschlag verwerfen</numerusform>
            <numerusform>Alle %n Vorschläge verwerfen</numerusform>
        </translation>
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
    <message>
        <source>Select a proposal (a dashed shape) first.</source>
        <translation>Wählen Sie zuerst einen Vorschlag (eine gestrichelte Form).</translation>
    </message>
    <message>
        <source>Smart polygon</source>
        <translation>Smart-Polygon</translation>
    </message>
    <message>
        <source>SAM3 segments what you click: left click adds the object, right click or Shift+click removes, drag a box; Enter accepts, Esc clears (S)</source>
        <translation>SAM3 segmentiert, was Sie anklicken: Linksklick fügt das Objekt hinzu, Rechtsklick oder Umschalt+Klick nimmt weg, Ziehen zeichnet einen Rahmen; Eingabe übernimmt, Esc verwirft (S)</translation>
    </message>
    <message>
        <source>Accept proposal</source>
        <translation>Vorschlag annehmen</translation>
    </message>
    <message>
        <source>Reject proposal</source>
        <translation>Vorschlag verwerfen</translation>
    </message>
    <message>
        <source>Accept all proposals of the photo</source>
        <translation>Alle Vorschläge des Fotos annehmen</translation>
    </message>
    <message>
        <source>Reject all proposals of the photo</source>
        <translation>Alle Vorschläge des Fotos verwerfen</translation>
    </message>
</context>
<context>
    <name>sam3::ui::BatchPredictDialog</name>
    <message>
        <source>Photos of the project&apos;s split:</source>
        <translation>Fotos des Projekt-Splits:</translation>
    </message>
    <message>
        <source>Photos in a folder:</source>
        <translation>Fotos in einem Ordner:</translation>
    </message>
    <message>
        <source>Predict</source>
        <translation>Vorhersagen</translation>
    </message>
    <message>
        <source>Batch prediction</source>
        <translation>Stapelvorhersage</translation>
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
        <source>train</source>
        <translation>train</translation>
    </message>
    <message>
        <source>all photos</source>
        <translation>alle Fotos</translation>
    </message>
    <message>
        <source>Folder for results.json and the overlay images</source>
        <translation>Ordner für results.json und die Overlay-Bilder</translation>
    </message>
    <message>
        <source>CLIP vocabulary (bpe_simple_vocab_16e6.txt.gz)</source>
        <translation>CLIP-Vokabular (bpe_simple_vocab_16e6.txt.gz)</translation>
    </message>
    <message>
        <source>…</source>
        <translation>…</translation>
    </message>
    <message>
        <source>Model:</source>
        <translation>Modell:</translation>
    </message>
    <message>
        <source>Output folder:</source>
        <translation>Ausgabeordner:</translation>
    </message>
    <message>
        <source>Score threshold:</source>
        <translation>Score-Schwelle:</translation>
    </message>
    <message>
        <source>Vocabulary:</source>
        <translation>Vokabular:</translation>
    </message>
    <message>
        <source>No model yet: train one in the Train view first.</source>
        <translation>Noch kein Modell: erst in der Trainingsansicht eines trainieren.</translation>
    </message>
    <message>
        <source>%1 cannot be used: %2</source>
        <translation>%1 kann nicht verwendet werden: %2</translation>
    </message>
    <message>
        <source>Loading %1</source>
        <translation>Lade %1</translation>
    </message>
    <message>
        <source>Predicted %1</source>
        <translation>%1 vorhergesagt</translation>
    </message>
    <message numerus="yes">
        <source>Cancelled after %n photo(s); no results file written.</source>
        <translation>
            <numerusform>Nach %n Foto abgebrochen; keine Ergebnisdatei geschrieben.</numerusform>
            <numerusform>Nach %n Fotos abgebrochen; keine Ergebnisdatei geschrieben.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n photo(s), %1 detections: %2 and overlays in %3</source>
        <translation>
            <numerusform>%n Foto, %1 Detektionen: %2 und Overlays in %3</numerusform>
            <numerusform>%n Fotos, %1 Detektionen: %2 und Overlays in %3</numerusform>
        </translation>
    </message>
    <message>
        <source>Batch prediction failed: %1</source>
        <translation>Stapelvorhersage fehlgeschlagen: %1</translation>
    </message>
</context>
<context>
    <name>sam3::ui::CheckpointBrowser</name>
    <message>
        <source>Export weights to</source>
        <translation>Gewichte exportieren nach</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Löschen</translation>
    </message>
    <message>
        <source>%1 (finished)</source>
        <translation>%1 (fertig)</translation>
    </message>
    <message>
        <source>%1 (stopped)</source>
        <translation>%1 (angehalten)</translation>
    </message>
    <message>
        <source>  ★ active</source>
        <translation>  ★ aktiv</translation>
    </message>
    <message>
        <source>Active model: none chosen (the base model is used).</source>
        <translation>Aktives Modell: keines gewählt (das Basismodell wird verwendet).</translation>
    </message>
    <message>
        <source>Active model: %1</source>
        <translation>Aktives Modell: %1</translation>
    </message>
    <message>
        <source>Open a project to see its training runs.</source>
        <translation>Ein Projekt öffnen, um seine Trainingsläufe zu sehen.</translation>
    </message>
    <message>
        <source>No training run in this project yet.</source>
        <translation>Noch kein Trainingslauf in diesem Projekt.</translation>
    </message>
    <message>
        <source>Run %1 (%2): select a checkpoint for its model card.</source>
        <translation>Lauf %1 (%2): einen Checkpoint wählen, um seine Modellkarte zu sehen.</translation>
    </message>
    <message>
        <source>%1 is now the active model of this project.</source>
        <translation>%1 ist jetzt das aktive Modell dieses Projekts.</translation>
    </message>
    <message>
        <source>Exported the weights (without optimizer state) to %1.</source>
        <translation>Die Gewichte (ohne Optimiererzustand) nach %1 exportiert.</translation>
    </message>
    <message>
        <source>Export failed: %1</source>
        <translation>Export fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>checkpoint %1 of run %2</source>
        <translation>Checkpoint %1 von Lauf %2</translation>
    </message>
    <message>
        <source>the whole run %1</source>
        <translation>den ganzen Lauf %1</translation>
    </message>
    <message>
        <source>Delete %1? This frees %2 and cannot be undone.</source>
        <translation>%1 löschen? Das gibt %2 frei und lässt sich nicht rückgängig machen.</translation>
    </message>
    <message>
        <source>Deleted %1: %2 freed.</source>
        <translation>%1 gelöscht: %2 freigegeben.</translation>
    </message>
    <message>
        <source>Could not delete %1: %2</source>
        <translation>%1 ließ sich nicht löschen: %2</translation>
    </message>
    <message>
        <source>Run / checkpoint</source>
        <translation>Lauf / Checkpoint</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>Schritt</translation>
    </message>
    <message>
        <source>Epoch / model</source>
        <translation>Epoche / Modell</translation>
    </message>
    <message>
        <source>Box mAP</source>
        <translation>Box-mAP</translation>
    </message>
    <message>
        <source>Box AP50</source>
        <translation>Box-AP50</translation>
    </message>
    <message>
        <source>Mask mAP</source>
        <translation>Masken-mAP</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Größe</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Datum</translation>
    </message>
    <message>
        <source>Curves of the checked runs</source>
        <translation>Kurven der angehakten Läufe</translation>
    </message>
    <message>
        <source>Model card</source>
        <translation>Modellkarte</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Aktualisieren</translation>
    </message>
    <message>
        <source>Set as active model</source>
        <translation>Als aktives Modell setzen</translation>
    </message>
    <message>
        <source>Export weights…</source>
        <translation>Gewichte exportieren…</translation>
    </message>
    <message>
        <source>Copy the deployment weights and model card, without optimizer state</source>
        <translation>Die Einsatzgewichte und die Modellkarte kopieren, ohne Optimiererzustand</translation>
    </message>
    <message>
        <source>Delete…</source>
        <translation>Löschen…</translation>
    </message>
    <message>
        <source>Open folder</source>
        <translation>Ordner öffnen</translation>
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
    <message>
        <source>Delete class</source>
        <translation>Klasse löschen</translation>
    </message>
    <message>
        <source>Delete the class “%1” and the shape that uses it?</source>
        <translation>Die Klasse „%1“ und die Form, die sie verwendet, löschen?</translation>
    </message>
    <message>
        <source>Delete the class “%1” and the %2 shapes that use it?</source>
        <translation>Die Klasse „%1“ und die %2 Formen, die sie verwenden, löschen?</translation>
    </message>
    <message>
        <source>Delete the class “%1”? No shape uses it.</source>
        <translation>Die Klasse „%1“ löschen? Keine Form verwendet sie.</translation>
    </message>
    <message>
        <source>Undo (Ctrl+Z) brings them back.</source>
        <translation>Rückgängig (Strg+Z) holt sie zurück.</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Löschen</translation>
    </message>
    <message>
        <source>Delete…</source>
        <translation>Löschen…</translation>
    </message>
    <message>
        <source>Delete this class and the shapes that use it (Delete)</source>
        <translation>Diese Klasse und die Formen, die sie verwenden, löschen (Entf)</translation>
    </message>
</context>
<context>
    <name>sam3::ui::CurvePlots</name>
    <message>
        <source>step</source>
        <translation>Schritt</translation>
    </message>
    <message>
        <source>Loss</source>
        <translation>Verlust</translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation>Lernrate</translation>
    </message>
    <message>
        <source>Validation</source>
        <translation>Validierung</translation>
    </message>
    <message>
        <source>Smoothing %1</source>
        <translation>Glättung %1</translation>
    </message>
    <message>
        <source>Auxiliary layers</source>
        <translation>Hilfsschichten</translation>
    </message>
    <message>
        <source>Also plot the loss terms of the decoder&apos;s auxiliary layers</source>
        <translation>Auch die Verlustterme der Hilfsschichten des Decoders zeichnen</translation>
    </message>
    <message>
        <source>Fit</source>
        <translation>Einpassen</translation>
    </message>
    <message>
        <source>Show all points again after zooming or panning</source>
        <translation>Nach Zoomen oder Verschieben wieder alle Punkte zeigen</translation>
    </message>
    <message>
        <source>Export PNG…</source>
        <translation>PNG exportieren…</translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation>CSV exportieren…</translation>
    </message>
    <message>
        <source>Hover over a curve for its values; drag to pan, wheel to zoom.</source>
        <translation>Über eine Kurve fahren zeigt ihre Werte; Ziehen verschiebt, das Mausrad zoomt.</translation>
    </message>
    <message>
        <source>this run</source>
        <translation>dieser Lauf</translation>
    </message>
    <message>
        <source>total (raw)</source>
        <translation>gesamt (roh)</translation>
    </message>
    <message>
        <source>total</source>
        <translation>gesamt</translation>
    </message>
    <message>
        <source>box %1</source>
        <translation>Box %1</translation>
    </message>
    <message>
        <source>mask mAP</source>
        <translation>Masken-mAP</translation>
    </message>
    <message>
        <source>No data here.</source>
        <translation>Hier gibt es keine Daten.</translation>
    </message>
    <message>
        <source>Step %1: %2</source>
        <translation>Schritt %1: %2</translation>
    </message>
    <message>
        <source>Export plot</source>
        <translation>Diagramm exportieren</translation>
    </message>
    <message>
        <source>PNG images (*.png)</source>
        <translation>PNG-Bilder (*.png)</translation>
    </message>
    <message>
        <source>Could not write %1.</source>
        <translation>%1 ließ sich nicht schreiben.</translation>
    </message>
    <message>
        <source>Export curves</source>
        <translation>Kurven exportieren</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV-Dateien (*.csv)</translation>
    </message>
</context>
<context>
    <name>sam3::ui::EvaluationView</name>
    <message>
        <source>AP</source>
        <translation>AP</translation>
    </message>
    <message>
        <source>AR</source>
        <translation>AR</translation>
    </message>
    <message>
        <source>all sizes</source>
        <translation>alle Größen</translation>
    </message>
    <message>
        <source>small</source>
        <translation>klein</translation>
    </message>
    <message>
        <source>medium</source>
        <translation>mittel</translation>
    </message>
    <message>
        <source>large</source>
        <translation>groß</translation>
    </message>
    <message>
        <source>%1 %2, 1 detection per photo</source>
        <translation>%1 %2, 1 Detektion pro Foto</translation>
    </message>
    <message>
        <source>%1 %2, 10 detections per photo</source>
        <translation>%1 %2, 10 Detektionen pro Foto</translation>
    </message>
    <message>
        <source>%1 %2, 100 detections per photo</source>
        <translation>%1 %2, 100 Detektionen pro Foto</translation>
    </message>
    <message>
        <source>%1 — boxes</source>
        <translation>%1 — Rahmen</translation>
    </message>
    <message>
        <source>%1 — masks</source>
        <translation>%1 — Masken</translation>
    </message>
    <message>
        <source>no masks</source>
        <translation>keine Masken</translation>
    </message>
    <message>
        <source>Class</source>
        <translation>Klasse</translation>
    </message>
    <message>
        <source>%1 — AP boxes</source>
        <translation>%1 — AP Rahmen</translation>
    </message>
    <message>
        <source>%1 — AP50 boxes</source>
        <translation>%1 — AP50 Rahmen</translation>
    </message>
    <message>
        <source>%1 — AP masks</source>
        <translation>%1 — AP Masken</translation>
    </message>
    <message>
        <source>%1 — AP50 masks</source>
        <translation>%1 — AP50 Masken</translation>
    </message>
    <message>
        <source>%1: all classes (AP50 %2)</source>
        <translation>%1: alle Klassen (AP50 %2)</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>Model finds the class</source>
        <translation>Modell findet die Klasse</translation>
    </message>
    <message>
        <source>Model finds nothing</source>
        <translation>Modell findet nichts</translation>
    </message>
    <message>
        <source>Photo has the class</source>
        <translation>Foto enthält die Klasse</translation>
    </message>
    <message>
        <source>Photo does not have it</source>
        <translation>Foto enthält sie nicht</translation>
    </message>
    <message>
        <source>Evaluate a model to see which photos it flags.</source>
        <translation>Ein Modell auswerten, um zu sehen, welche Fotos es markiert.</translation>
    </message>
    <message>
        <source>%1 found</source>
        <translation>%1 gefunden</translation>
    </message>
    <message>
        <source>%1 missed</source>
        <translation>%1 übersehen</translation>
    </message>
    <message>
        <source>%1 false alarms</source>
        <translation>%1 Fehlalarme</translation>
    </message>
    <message>
        <source>%1 correctly empty</source>
        <translation>%1 richtig leer</translation>
    </message>
    <message>
        <source>Photos: recall %1, precision %2, specificity %3, F1 %4. Objects (IoU 0.5): recall %5, precision %6.</source>
        <translation>Fotos: Recall %1, Präzision %2, Spezifität %3, F1 %4. Objekte (IoU 0,5): Recall %5, Präzision %6.</translation>
    </message>
    <message>
        <source>Recommended threshold %1: the highest that still finds the class on %2 of the photos that have it (target %3); %4 false alarms there.</source>
        <translation>Empfohlene Schwelle %1: die höchste, die die Klasse noch auf %2 der Fotos findet, die sie enthalten (Ziel %3); dort %4 Fehlalarme.</translation>
    </message>
    <message>
        <source>No threshold reaches photo recall %1; the best balance (F1 %2) is at %3.</source>
        <translation>Keine Schwelle erreicht den Foto-Recall %1; das beste Gleichgewicht (F1 %2) liegt bei %3.</translation>
    </message>
    <message>
        <source>(nothing)</source>
        <translation>(nichts)</translation>
    </message>
    <message>
        <source>No model to evaluate yet: train one (Train view) or add a weights file.</source>
        <translation>Noch kein Modell zum Auswerten: eines trainieren (Trainingsansicht) oder eine Gewichtsdatei hinzufügen.</translation>
    </message>
    <message>
        <source>Weights to evaluate</source>
        <translation>Auszuwertende Gewichte</translation>
    </message>
    <message>
        <source>Weights (*.safetensors *.pt);;All files (*)</source>
        <translation>Gewichte (*.safetensors *.pt);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Model size</source>
        <translation>Modellgröße</translation>
    </message>
    <message>
        <source>Model config of these weights:</source>
        <translation>Modellkonfiguration dieser Gewichte:</translation>
    </message>
    <message>
        <source>CLIP vocabulary</source>
        <translation>CLIP-Vokabular</translation>
    </message>
    <message>
        <source>CLIP vocabulary (*.txt.gz vocab.json);;All files (*)</source>
        <translation>CLIP-Vokabular (*.txt.gz vocab.json);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Choose a model to evaluate.</source>
        <translation>Ein Modell zum Auswerten wählen.</translation>
    </message>
    <message>
        <source>%1 cannot be evaluated: %2</source>
        <translation>%1 kann nicht ausgewertet werden: %2</translation>
    </message>
    <message>
        <source>Evaluating %1 on the %2 split</source>
        <translation>Werte %1 auf dem Split %2 aus</translation>
    </message>
    <message>
        <source>Evaluation cancelled.</source>
        <translation>Auswertung abgebrochen.</translation>
    </message>
    <message>
        <source>%1 could not be evaluated: %2</source>
        <translation>%1 konnte nicht ausgewertet werden: %2</translation>
    </message>
    <message>
        <source>The %1 split has no labelled photo to evaluate on.</source>
        <translation>Der Split %1 hat kein beschriftetes Foto zum Auswerten.</translation>
    </message>
    <message>
        <source>COCO statistics of %1</source>
        <translation>COCO-Statistik von %1</translation>
    </message>
    <message>
        <source>Evaluated.</source>
        <translation>Ausgewertet.</translation>
    </message>
    <message>
        <source>Evaluate</source>
        <translation>Auswerten</translation>
    </message>
    <message numerus="yes">
        <source>%1: %n labelled photo(s) of the %2 split</source>
        <translation>
            <numerusform>%1: %n beschriftetes Foto des Splits %2</numerusform>
            <numerusform>%1: %n beschriftete Fotos des Splits %2</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n unlabelled photo(s) left out</source>
        <translation>
            <numerusform>%n unbeschriftetes Foto ausgelassen</numerusform>
            <numerusform>%n unbeschriftete Fotos ausgelassen</numerusform>
        </translation>
    </message>
    <message>
        <source>compared with %1</source>
        <translation>verglichen mit %1</translation>
    </message>
    <message>
        <source>Any class</source>
        <translation>Beliebige Klasse</translation>
    </message>
    <message>
        <source>Split:</source>
        <translation>Split:</translation>
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
        <source>Model:</source>
        <translation>Modell:</translation>
    </message>
    <message>
        <source>Compare with:</source>
        <translation>Vergleichen mit:</translation>
    </message>
    <message>
        <source>Weights file…</source>
        <translation>Gewichtsdatei…</translation>
    </message>
    <message>
        <source>Evaluate a weights file that is not one of this project&apos;s checkpoints</source>
        <translation>Eine Gewichtsdatei auswerten, die kein Checkpoint dieses Projekts ist</translation>
    </message>
    <message>
        <source>Vocabulary:</source>
        <translation>Vokabular:</translation>
    </message>
    <message>
        <source>CLIP vocabulary (bpe_simple_vocab_16e6.txt.gz)</source>
        <translation>CLIP-Vokabular (bpe_simple_vocab_16e6.txt.gz)</translation>
    </message>
    <message>
        <source>…</source>
        <translation>…</translation>
    </message>
    <message>
        <source>COCO statistics</source>
        <translation>COCO-Statistik</translation>
    </message>
    <message>
        <source>AP per class</source>
        <translation>AP pro Klasse</translation>
    </message>
    <message>
        <source>Precision–recall</source>
        <translation>Präzision–Recall</translation>
    </message>
    <message>
        <source>Photos: found or missed</source>
        <translation>Fotos: gefunden oder übersehen</translation>
    </message>
    <message>
        <source>Class:</source>
        <translation>Klasse:</translation>
    </message>
    <message>
        <source>Score threshold:</source>
        <translation>Score-Schwelle:</translation>
    </message>
    <message>
        <source>Target photo recall:</source>
        <translation>Ziel-Foto-Recall:</translation>
    </message>
    <message>
        <source>Use this threshold</source>
        <translation>Diese Schwelle verwenden</translation>
    </message>
    <message>
        <source>Recall</source>
        <translation>Recall</translation>
    </message>
    <message>
        <source>Precision</source>
        <translation>Präzision</translation>
    </message>
</context>
<context>
    <name>sam3::ui::ExportDialog</name>
    <message>
        <source>Copy the photos</source>
        <translation>Die Fotos mitkopieren</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>Exportieren</translation>
    </message>
    <message>
        <source>COCO</source>
        <translation>COCO</translation>
    </message>
    <message>
        <source>Roboflow (COCO, split folders)</source>
        <translation>Roboflow (COCO, Ordner je Split)</translation>
    </message>
    <message>
        <source>YOLO</source>
        <translation>YOLO</translation>
    </message>
    <message>
        <source>Pascal VOC (boxes only)</source>
        <translation>Pascal VOC (nur Rechtecke)</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Durchsuchen…</translation>
    </message>
    <message>
        <source>Export to</source>
        <translation>Exportieren nach</translation>
    </message>
    <message>
        <source>Format:</source>
        <translation>Format:</translation>
    </message>
    <message>
        <source>Folder:</source>
        <translation>Ordner:</translation>
    </message>
    <message>
        <source>annotations.json and an images folder; polygons and boxes.</source>
        <translation>annotations.json und ein Ordner images; Polygone und Rechtecke.</translation>
    </message>
    <message>
        <source>Roboflow&apos;s layout: train, valid and test folders, each with _annotations.coco.json beside its photos. Photos without a split go to train.</source>
        <translation>Roboflows Aufbau: Ordner train, valid und test, jeweils mit _annotations.coco.json neben ihren Fotos. Fotos ohne Split kommen nach train.</translation>
    </message>
    <message>
        <source>data.yaml with images and labels per split; segmentation labels when any shape is a polygon.</source>
        <translation>data.yaml mit images und labels je Split; Segmentierungs-Labels, sobald eine Form ein Polygon ist.</translation>
    </message>
    <message>
        <source>One XML file per photo, beside the photo; polygons become their bounding boxes.</source>
        <translation>Eine XML-Datei je Foto, neben dem Foto; Polygone werden zu ihren umschließenden Rechtecken.</translation>
    </message>
</context>
<context>
    <name>sam3::ui::HelpDialog</name>
    <message>
        <source>Panels</source>
        <translation>Bereiche</translation>
    </message>
    <message>
        <source>Canvas</source>
        <translation>Zeichenfläche</translation>
    </message>
    <message>
        <source>%1 to %2</source>
        <translation>%1 bis %2</translation>
    </message>
    <message>
        <source>Keyboard Shortcuts</source>
        <translation>Tastenkürzel</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Aktion</translation>
    </message>
    <message>
        <source>Shortcut</source>
        <translation>Tastenkürzel</translation>
    </message>
    <message>
        <source>Change them in Settings &gt; Change Keyboard Shortcuts.</source>
        <translation>Ändern unter Einstellungen &gt; Tastenkürzel ändern.</translation>
    </message>
</context>
<context>
    <name>sam3::ui::HfDownloader</name>
    <message>
        <source>Repository &quot;%1&quot; or revision &quot;%2&quot; is not valid.</source>
        <translation>Repository „%1“ oder Revision „%2“ ist ungültig.</translation>
    </message>
    <message>
        <source>Cancelled. What was downloaded is kept and the next download continues from there.</source>
        <translation>Abgebrochen. Was schon heruntergeladen ist, bleibt erhalten; der nächste Download macht dort weiter.</translation>
    </message>
    <message>
        <source>%1: the Hub answered 401 Unauthorized: no access token was given, or it is not valid. Create a read token at https://huggingface.co/settings/tokens and enter it here.</source>
        <translation>%1: Der Hub antwortete 401 Unauthorized: Es wurde kein Zugriffstoken angegeben, oder es ist ungültig. Erstellen Sie unter https://huggingface.co/settings/tokens ein Token zum Lesen und geben Sie es hier ein.</translation>
    </message>
    <message>
        <source>%1: the Hub answered 403 Forbidden: this account has not been given access to %2 yet. Open https://huggingface.co/%2, accept the licence and wait until the request is approved.</source>
        <translation>%1: Der Hub antwortete 403 Forbidden: Dieses Konto hat noch keinen Zugang zu %2. Öffnen Sie https://huggingface.co/%2, akzeptieren Sie die Lizenz und warten Sie, bis die Anfrage genehmigt ist.</translation>
    </message>
    <message>
        <source>%1: the Hub answered 404 Not Found: there is no %2 at revision %3.</source>
        <translation>%1: Der Hub antwortete 404 Not Found: %2 gibt es in Revision %3 nicht.</translation>
    </message>
    <message>
        <source>Listing the files of %1</source>
        <translation>Dateiliste von %1 abrufen</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>%1 kann nicht geschrieben werden: %2</translation>
    </message>
    <message>
        <source>Cannot read %1: %2</source>
        <translation>%1 kann nicht gelesen werden: %2</translation>
    </message>
    <message>
        <source>%1: the server resumed at the wrong place (Content-Range &quot;%2&quot;, expected bytes %3-)</source>
        <translation>%1: Der Server setzte an der falschen Stelle fort (Content-Range „%2“, erwartet Bytes %3-)</translation>
    </message>
    <message>
        <source>%1: the server sent more than the %2 bytes the Hub lists.</source>
        <translation>%1: Der Server sandte mehr als die %2 Bytes, die der Hub angibt.</translation>
    </message>
    <message>
        <source>Downloading %1</source>
        <translation>%1 herunterladen</translation>
    </message>
    <message>
        <source>Downloading %1 stopped at %2 of %3 bytes (%4). Start the download again to continue from there.</source>
        <translation>Der Download von %1 brach bei %2 von %3 Bytes ab (%4). Starten Sie den Download erneut, um dort weiterzumachen.</translation>
    </message>
    <message>
        <source>HTTP %1</source>
        <translation>HTTP %1</translation>
    </message>
    <message>
        <source>%1: received %2 bytes, the Hub lists %3. The partial file was deleted.</source>
        <translation>%1: %2 Bytes empfangen, der Hub gibt %3 an. Die unvollständige Datei wurde gelöscht.</translation>
    </message>
    <message>
        <source>%1: %2 is %3, the Hub lists %4. The damaged file was deleted; nothing was added to the cache.</source>
        <translation>%1: %2 ist %3, der Hub gibt %4 an. Die beschädigte Datei wurde gelöscht; dem Cache wurde nichts hinzugefügt.</translation>
    </message>
    <message>
        <source>SHA-256</source>
        <translation>SHA-256</translation>
    </message>
    <message>
        <source>git blob id</source>
        <translation>Git-Blob-ID</translation>
    </message>
    <message>
        <source>Cannot rename %1 to %2.</source>
        <translation>%1 kann nicht in %2 umbenannt werden.</translation>
    </message>
    <message>
        <source>%1: %2 (%3)</source>
        <translation>%1: %2 (%3)</translation>
    </message>
    <message>
        <source>HTTP %1 %2</source>
        <translation>HTTP %1 %2</translation>
    </message>
    <message>
        <source>%1: too many or broken redirects (the last from %2).</source>
        <translation>%1: zu viele oder fehlerhafte Weiterleitungen (die letzte von %2).</translation>
    </message>
    <message>
        <source>Downloading %1: the storage server answered HTTP %2 for %3. Start the download again to continue from there.</source>
        <translation>%1 herunterladen: Der Speicherserver antwortete HTTP %2 für %3. Starten Sie den Download erneut, um dort weiterzumachen.</translation>
    </message>
</context>
<context>
    <name>sam3::ui::HfTokenStore</name>
    <message>
        <source>This build of SAM3 Studio has no keychain support.</source>
        <translation>Diese Version von SAM3 Studio unterstützt keinen Schlüsselbund.</translation>
    </message>
</context>
<context>
    <name>sam3::ui::ImportDialog</name>
    <message>
        <source>Import</source>
        <translation>Importieren</translation>
    </message>
    <message>
        <source>Photos…</source>
        <translation>Fotos…</translation>
    </message>
    <message>
        <source>Folder…</source>
        <translation>Ordner…</translation>
    </message>
    <message>
        <source>Annotation File…</source>
        <translation>Annotationsdatei…</translation>
    </message>
    <message>
        <source>Import Photos</source>
        <translation>Fotos importieren</translation>
    </message>
    <message>
        <source>Photos (*.jpg *.jpeg *.png *.bmp *.tif *.tiff *.webp);;All files (*)</source>
        <translation>Fotos (*.jpg *.jpeg *.png *.bmp *.tif *.tiff *.webp);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Import a Folder</source>
        <translation>Einen Ordner importieren</translation>
    </message>
    <message>
        <source>Import an Annotation File</source>
        <translation>Eine Annotationsdatei importieren</translation>
    </message>
    <message>
        <source>Annotations (*.json *.yaml *.yml);;All files (*)</source>
        <translation>Annotationen (*.json *.yaml *.yml);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Photos are copied into the project. A folder can hold photos or a dataset: a Roboflow or COCO export, YOLO (data.yaml), Pascal VOC or labelme. The format is found from the content.</source>
        <translation>Fotos werden ins Projekt kopiert. Ein Ordner kann Fotos oder einen Datensatz enthalten: einen Roboflow- oder COCO-Export, YOLO (data.yaml), Pascal VOC oder labelme. Das Format wird am Inhalt erkannt.</translation>
    </message>
    <message>
        <source>%1 photo files</source>
        <translation>%1 Fotodateien</translation>
    </message>
    <message>
        <source>Choose photos, a folder or an annotation file.</source>
        <translation>Fotos, einen Ordner oder eine Annotationsdatei wählen.</translation>
    </message>
    <message>
        <source>Nothing importable found there: no photos and no known annotation format.</source>
        <translation>Dort ist nichts Importierbares: keine Fotos und kein bekanntes Annotationsformat.</translation>
    </message>
    <message>
        <source>Found: %1</source>
        <translation>Gefunden: %1</translation>
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
    <message>
        <source>&amp;Settings</source>
        <translation>E&amp;instellungen</translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation>&amp;Zuletzt geöffnet</translation>
    </message>
    <message>
        <source>&amp;New Project…</source>
        <translation>&amp;Neues Projekt…</translation>
    </message>
    <message>
        <source>Open the &amp;Demo Project</source>
        <translation>&amp;Demoprojekt öffnen</translation>
    </message>
    <message>
        <source>&amp;Clear the List</source>
        <translation>Liste &amp;leeren</translation>
    </message>
    <message>
        <source>&amp;Keyboard Shortcuts</source>
        <translation>&amp;Tastenkürzel</translation>
    </message>
    <message>
        <source>New Project</source>
        <translation>Neues Projekt</translation>
    </message>
    <message>
        <source>Could not create the project:
%1</source>
        <translation>Das Projekt ließ sich nicht anlegen:
%1</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>Importieren</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>Exportieren</translation>
    </message>
    <message>
        <source>Creating the Demo Project</source>
        <translation>Demoprojekt wird angelegt</translation>
    </message>
    <message>
        <source>Demo Project</source>
        <translation>Demoprojekt</translation>
    </message>
    <message>
        <source>Photo</source>
        <translation>Foto</translation>
    </message>
    <message>
        <source>Change &amp;Keyboard Shortcuts…</source>
        <translation>&amp;Tastenkürzel ändern…</translation>
    </message>
    <message>
        <source>SAM3 on %1</source>
        <translation>SAM3 auf %1</translation>
    </message>
    <message>
        <source>Get SAM3 &amp;Weights…</source>
        <translation>SAM3-&amp;Gewichte herunterladen…</translation>
    </message>
</context>
<context>
    <name>sam3::ui::ModelChooser</name>
    <message>
        <source>(no SAM3 model in %1)</source>
        <translation>(kein SAM3-Modell in %1)</translation>
    </message>
    <message>
        <source>(no checkpoint yet in this project)</source>
        <translation>(noch kein Checkpoint in diesem Projekt)</translation>
    </message>
    <message>
        <source>Hugging Face model folder</source>
        <translation>Hugging-Face-Modellordner</translation>
    </message>
    <message>
        <source>Official SAM3 checkpoint</source>
        <translation>Offizieller SAM3-Checkpoint</translation>
    </message>
    <message>
        <source>SAM3 checkpoints (sam3.pt *.pt)</source>
        <translation>SAM3-Checkpoints (sam3.pt *.pt)</translation>
    </message>
    <message>
        <source>CLIP vocabulary</source>
        <translation>CLIP-Vokabular</translation>
    </message>
    <message>
        <source>CLIP vocabulary (bpe_simple_vocab_16e6.txt.gz vocab.json)</source>
        <translation>CLIP-Vokabular (bpe_simple_vocab_16e6.txt.gz vocab.json)</translation>
    </message>
    <message>
        <source>Hugging Face cache</source>
        <translation>Hugging-Face-Cache</translation>
    </message>
    <message>
        <source>Official sam3.pt</source>
        <translation>Offizielles sam3.pt</translation>
    </message>
    <message>
        <source>Checkpoint of a previous run</source>
        <translation>Checkpoint eines früheren Laufs</translation>
    </message>
    <message>
        <source>sam3-tiny, random initialisation (for trying things)</source>
        <translation>sam3-tiny, zufällig initialisiert (zum Ausprobieren)</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Durchsuchen…</translation>
    </message>
    <message>
        <source>CLIP vocabulary (empty: the model folder&apos;s)</source>
        <translation>CLIP-Vokabular (leer: das des Modellordners)</translation>
    </message>
    <message>
        <source>folder with model.safetensors</source>
        <translation>Ordner mit model.safetensors</translation>
    </message>
    <message>
        <source>path to sam3.pt</source>
        <translation>Pfad zu sam3.pt</translation>
    </message>
    <message>
        <source>bpe_simple_vocab_16e6.txt.gz or a model folder</source>
        <translation>bpe_simple_vocab_16e6.txt.gz oder ein Modellordner</translation>
    </message>
    <message>
        <source>A small untrained model: fast on a CPU, for trying the workflow.</source>
        <translation>Ein kleines untrainiertes Modell: schnell auf der CPU, zum Ausprobieren des Ablaufs.</translation>
    </message>
    <message>
        <source>Continues learning from a checkpoint of this project (a new run).</source>
        <translation>Lernt ab einem Checkpoint dieses Projekts weiter (ein neuer Lauf).</translation>
    </message>
    <message>
        <source>The released SAM3 weights: fine-tuning needs a CUDA GPU.</source>
        <translation>Die veröffentlichten SAM3-Gewichte: Feinabstimmen braucht eine CUDA-GPU.</translation>
    </message>
</context>
<context>
    <name>sam3::ui::ModelCompare</name>
    <message>
        <source>Model &amp;B:</source>
        <translation>Modell &amp;B:</translation>
    </message>
    <message>
        <source>Predict with B</source>
        <translation>Mit B vorhersagen</translation>
    </message>
    <message>
        <source>Photos where A and B disagree</source>
        <translation>Fotos, bei denen A und B voneinander abweichen</translation>
    </message>
    <message>
        <source>Runs model B on every photo (cached photos are not predicted again) and lists the photos where a detection of one model has no match of the same class in the other (IoU 0.5, both at the review&apos;s threshold).</source>
        <translation>Lässt Modell B über jedes Foto laufen (zwischengespeicherte Fotos werden nicht erneut vorhergesagt) und listet die Fotos, bei denen eine Erkennung des einen Modells keine Entsprechung derselben Klasse im anderen hat (IoU 0,5, beide bei der Schwelle der Prüfung).</translation>
    </message>
</context>
<context>
    <name>sam3::ui::NewProjectDialog</name>
    <message>
        <source>New Project</source>
        <translation>Neues Projekt</translation>
    </message>
    <message>
        <source>e.g. Substation North, fuse cutouts</source>
        <translation>z. B. Umspannwerk Nord, Sicherungstrenner</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Durchsuchen…</translation>
    </message>
    <message>
        <source>Location</source>
        <translation>Speicherort</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>Name:</translation>
    </message>
    <message>
        <source>Location:</source>
        <translation>Speicherort:</translation>
    </message>
    <message>
        <source>Folder:</source>
        <translation>Ordner:</translation>
    </message>
    <message>
        <source>Give the project a name.</source>
        <translation>Dem Projekt einen Namen geben.</translation>
    </message>
    <message>
        <source>Choose where the project folder goes.</source>
        <translation>Wählen, wohin der Projektordner kommt.</translation>
    </message>
    <message>
        <source>%1 exists already.</source>
        <translation>%1 existiert bereits.</translation>
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
    <message>
        <source>Any class</source>
        <translation>Jede Klasse</translation>
    </message>
    <message>
        <source>1 photo</source>
        <translation>1 Foto</translation>
    </message>
    <message>
        <source>%1 photos</source>
        <translation>%1 Fotos</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 von %2</translation>
    </message>
    <message>
        <source>Show photos by status, confirmed negatives or split</source>
        <translation>Fotos nach Status, bestätigten Negativen oder Split zeigen</translation>
    </message>
    <message>
        <source>Show only photos with a shape of this class</source>
        <translation>Nur Fotos mit einer Form dieser Klasse zeigen</translation>
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
    <message>
        <source>pass</source>
        <translation>i. O.</translation>
    </message>
    <message>
        <source>fail</source>
        <translation>Mangel</translation>
    </message>
    <message>
        <source>needs review</source>
        <translation>zu prüfen</translation>
    </message>
    <message>
        <source>negative</source>
        <translation>negativ</translation>
    </message>
</context>
<context>
    <name>sam3::ui::PhotoPanel</name>
    <message>
        <source>No photo selected</source>
        <translation>Kein Foto ausgewählt</translation>
    </message>
    <message>
        <source>%1 × %2 px · %3 · %4</source>
        <translation>%1 × %2 px · %3 · %4</translation>
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
        <source>None</source>
        <translation>Keiner</translation>
    </message>
    <message>
        <source>Train</source>
        <translation>Training</translation>
    </message>
    <message>
        <source>Valid</source>
        <translation>Validierung</translation>
    </message>
    <message>
        <source>Test</source>
        <translation>Test</translation>
    </message>
    <message>
        <source>Not inspected</source>
        <translation>Nicht geprüft</translation>
    </message>
    <message>
        <source>Pass</source>
        <translation>In Ordnung</translation>
    </message>
    <message>
        <source>Fail</source>
        <translation>Mangel</translation>
    </message>
    <message>
        <source>Needs review</source>
        <translation>Zu prüfen</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Split</source>
        <translation>Split</translation>
    </message>
    <message>
        <source>Verdict</source>
        <translation>Befund</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Notiz</translation>
    </message>
    <message>
        <source>Confirmed negative</source>
        <translation>Bestätigt negativ</translation>
    </message>
    <message>
        <source>The photo shows none of the classes: it trains the model on what is not there</source>
        <translation>Das Foto zeigt keine der Klassen: Es lehrt das Modell, was nicht da ist</translation>
    </message>
    <message>
        <source>The inspection verdict for the equipment in this photo</source>
        <translation>Der Prüfbefund für das Betriebsmittel auf diesem Foto</translation>
    </message>
    <message>
        <source>Inspection note for this photo (saved as you type)</source>
        <translation>Prüfnotiz zu diesem Foto (wird beim Tippen gespeichert)</translation>
    </message>
</context>
<context>
    <name>sam3::ui::Prelabeler</name>
    <message>
        <source>Pre-labelling is already running.</source>
        <translation>Die Vorbeschriftung läuft bereits.</translation>
    </message>
    <message>
        <source>Open a project first.</source>
        <translation>Öffnen Sie zuerst ein Projekt.</translation>
    </message>
    <message>
        <source>Type what to find (the class prompt).</source>
        <translation>Geben Sie ein, was gesucht werden soll (den Klassen-Prompt).</translation>
    </message>
    <message>
        <source>Choose the class the proposals get in the Classes panel.</source>
        <translation>Wählen Sie im Bereich Klassen die Klasse, die die Vorschläge erhalten.</translation>
    </message>
    <message>
        <source>Choose a photo first.</source>
        <translation>Wählen Sie zuerst ein Foto.</translation>
    </message>
    <message>
        <source>Pre-labelling needs SAM3 weights: choose a weights file (Weights… in the SAM3 bar) or set an active model in Train.</source>
        <translation>Die Vorbeschriftung braucht SAM3-Gewichte: Wählen Sie eine Gewichtsdatei (Gewichte… in der SAM3-Leiste) oder legen Sie unter Trainieren ein aktives Modell fest.</translation>
    </message>
    <message>
        <source>Find “%1”</source>
        <translation>„%1“ finden</translation>
    </message>
    <message numerus="yes">
        <source>Pre-labelling cancelled after %n photo(s); %1 proposal(s) kept.</source>
        <translation>
            <numerusform>Vorbeschriftung nach %n Foto abgebrochen; %1 Vorschläge behalten.</numerusform>
            <numerusform>Vorbeschriftung nach %n Fotos abgebrochen; %1 Vorschläge behalten.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Found %n proposal(s) for “%1”; accept or reject them (Y / N).</source>
        <translation>
            <numerusform>%n Vorschlag für „%1“ gefunden; annehmen oder verwerfen (Y / N).</numerusform>
            <numerusform>%n Vorschläge für „%1“ gefunden; annehmen oder verwerfen (Y / N).</numerusform>
        </translation>
    </message>
    <message>
        <source>Pre-labelling failed: %1</source>
        <translation>Vorbeschriftung fehlgeschlagen: %1</translation>
    </message>
</context>
<context>
    <name>sam3::ui::ProcessTraining</name>
    <message>
        <source>sam3studio-cli crashed</source>
        <translation>sam3studio-cli ist abgestürzt</translation>
    </message>
    <message>
        <source>sam3studio-cli exited with status %1</source>
        <translation>sam3studio-cli wurde mit Status %1 beendet</translation>
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
    <message>
        <source>Set status</source>
        <translation>Status setzen</translation>
    </message>
    <message>
        <source>Delete class %1</source>
        <translation>Klasse %1 löschen</translation>
    </message>
    <message>
        <source>Set split</source>
        <translation>Split setzen</translation>
    </message>
    <message>
        <source>Mark as negative</source>
        <translation>Als negativ markieren</translation>
    </message>
    <message>
        <source>Unmark negative</source>
        <translation>Negativ-Markierung entfernen</translation>
    </message>
    <message>
        <source>Set verdict</source>
        <translation>Befund setzen</translation>
    </message>
    <message>
        <source>Edit note</source>
        <translation>Notiz bearbeiten</translation>
    </message>
    <message>
        <source>An attribute needs a name.</source>
        <translation>Ein Attribut braucht einen Namen.</translation>
    </message>
    <message>
        <source>Edit attributes</source>
        <translation>Attribute bearbeiten</translation>
    </message>
</context>
<context>
    <name>sam3::ui::ReportDialog</name>
    <message>
        <source>Build report</source>
        <translation>Bericht erstellen</translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation>CSV exportieren…</translation>
    </message>
    <message>
        <source>Export HTML…</source>
        <translation>HTML exportieren…</translation>
    </message>
    <message>
        <source>Export PDF…</source>
        <translation>PDF exportieren…</translation>
    </message>
    <message>
        <source>Inspection report</source>
        <translation>Prüfbericht</translation>
    </message>
    <message>
        <source>All photos</source>
        <translation>Alle Fotos</translation>
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
        <source>No split</source>
        <translation>Kein Split</translation>
    </message>
    <message>
        <source>Photos:</source>
        <translation>Fotos:</translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message>
        <source>Web page (*.html)</source>
        <translation>Webseite (*.html)</translation>
    </message>
    <message>
        <source>PDF (*.pdf)</source>
        <translation>PDF (*.pdf)</translation>
    </message>
    <message>
        <source>Build the report to preview and export it.</source>
        <translation>Den Bericht erstellen, um ihn anzusehen und zu exportieren.</translation>
    </message>
    <message>
        <source>Reading the project</source>
        <translation>Lese das Projekt</translation>
    </message>
    <message>
        <source>Drawing thumbnails</source>
        <translation>Zeichne Vorschaubilder</translation>
    </message>
    <message>
        <source>Report cancelled.</source>
        <translation>Bericht abgebrochen.</translation>
    </message>
    <message>
        <source>The report could not be built: %1</source>
        <translation>Der Bericht konnte nicht erstellt werden: %1</translation>
    </message>
    <message numerus="yes">
        <source>%n photo(s) in the report.</source>
        <translation>
            <numerusform>%n Foto im Bericht.</numerusform>
            <numerusform>%n Fotos im Bericht.</numerusform>
        </translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Erstellt</translation>
    </message>
    <message>
        <source>Project</source>
        <translation>Projekt</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>Übersicht</translation>
    </message>
    <message>
        <source>Objects per class</source>
        <translation>Objekte pro Klasse</translation>
    </message>
    <message>
        <source>Photos</source>
        <translation>Fotos</translation>
    </message>
    <message>
        <source>Photo</source>
        <translation>Foto</translation>
    </message>
    <message>
        <source>Class</source>
        <translation>Klasse</translation>
    </message>
    <message>
        <source>Objects</source>
        <translation>Objekte</translation>
    </message>
    <message>
        <source>Photos with it</source>
        <translation>Fotos damit</translation>
    </message>
    <message>
        <source>Verdict</source>
        <translation>Befund</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Notiz</translation>
    </message>
    <message>
        <source>Split</source>
        <translation>Split</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Unreviewed detections</source>
        <translation>Ungeprüfte Detektionen</translation>
    </message>
    <message>
        <source>Confirmed negative</source>
        <translation>Bestätigt negativ</translation>
    </message>
    <message>
        <source>This report holds no photo.</source>
        <translation>Dieser Bericht enthält kein Foto.</translation>
    </message>
    <message>
        <source>Not inspected</source>
        <translation>Nicht geprüft</translation>
    </message>
    <message>
        <source>Pass</source>
        <translation>In Ordnung</translation>
    </message>
    <message>
        <source>Fail</source>
        <translation>Mangel</translation>
    </message>
    <message>
        <source>Needs review</source>
        <translation>Zu prüfen</translation>
    </message>
    <message>
        <source>Export the report</source>
        <translation>Bericht exportieren</translation>
    </message>
    <message>
        <source>Could not write %1: %2</source>
        <translation>%1 konnte nicht geschrieben werden: %2</translation>
    </message>
    <message>
        <source>Wrote %1.</source>
        <translation>%1 geschrieben.</translation>
    </message>
    <message>
        <source>Could not create %1.</source>
        <translation>%1 konnte nicht angelegt werden.</translation>
    </message>
    <message>
        <source>Could not write %1.</source>
        <translation>%1 konnte nicht geschrieben werden.</translation>
    </message>
    <message>
        <source>Wrote %1 (thumbnails in %2).</source>
        <translation>%1 geschrieben (Vorschaubilder in %2).</translation>
    </message>
</context>
<context>
    <name>sam3::ui::ResultsMenu</name>
    <message>
        <source>&amp;Results</source>
        <translation>&amp;Ergebnisse</translation>
    </message>
    <message>
        <source>&amp;Evaluate Models…</source>
        <translation>Modelle &amp;auswerten…</translation>
    </message>
    <message>
        <source>COCO statistics, AP per class, precision-recall and photo-level results on the valid or test split; compare two models</source>
        <translation>COCO-Statistik, AP pro Klasse, Präzision-Recall und Ergebnisse pro Foto auf dem Valid- oder Test-Split; zwei Modelle vergleichen</translation>
    </message>
    <message>
        <source>&amp;Batch Prediction…</source>
        <translation>&amp;Stapelvorhersage…</translation>
    </message>
    <message>
        <source>Run a model over a folder or a split: COCO results and overlays</source>
        <translation>Ein Modell über einen Ordner oder Split laufen lassen: COCO-Ergebnisse und Overlays</translation>
    </message>
    <message>
        <source>Inspection &amp;Report…</source>
        <translation>Prüf&amp;bericht…</translation>
    </message>
    <message>
        <source>Verdicts, notes and counts per photo as CSV, HTML or PDF</source>
        <translation>Befunde, Notizen und Anzahlen pro Foto als CSV, HTML oder PDF</translation>
    </message>
    <message>
        <source>Evaluate models</source>
        <translation>Modelle auswerten</translation>
    </message>
</context>
<context>
    <name>sam3::ui::ReviewPage</name>
    <message>
        <source>Prediction cache: %1 (predicting that photo again)</source>
        <translation>Vorhersage-Cache: %1 (das Foto wird erneut vorhergesagt)</translation>
    </message>
    <message>
        <source>A cached record could not be read and is predicted again: %1</source>
        <translation>Ein zwischengespeicherter Eintrag war nicht lesbar und wird erneut vorhergesagt: %1</translation>
    </message>
    <message>
        <source>&amp;Model:</source>
        <translation>&amp;Modell:</translation>
    </message>
    <message>
        <source>&amp;Order:</source>
        <translation>&amp;Reihenfolge:</translation>
    </message>
    <message>
        <source>&amp;Threshold:</source>
        <translation>&amp;Schwelle:</translation>
    </message>
    <message>
        <source>&amp;Ground truth:</source>
        <translation>&amp;Referenz:</translation>
    </message>
    <message>
        <source>&amp;Predict</source>
        <translation>&amp;Vorhersagen</translation>
    </message>
    <message>
        <source>Runs the model on every photo of the project with every class&apos;s prompt. Photos already in the prediction cache are not run again; moving the threshold never runs the model.</source>
        <translation>Lässt das Modell mit dem Prompt jeder Klasse über jedes Foto des Projekts laufen. Fotos, die schon im Vorhersage-Cache liegen, werden nicht erneut berechnet; das Verschieben der Schwelle startet das Modell nie.</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Photo order</source>
        <translation>Fotoreihenfolge</translation>
    </message>
    <message>
        <source>Uncertain first</source>
        <translation>Unsichere zuerst</translation>
    </message>
    <message>
        <source>Most disagreement first</source>
        <translation>Größte Abweichung zuerst</translation>
    </message>
    <message>
        <source>Uncertain first: photos whose scores lie nearest the threshold. Most disagreement first: labelled photos with the most false positives and misses.</source>
        <translation>Unsichere zuerst: Fotos, deren Konfidenzen am nächsten an der Schwelle liegen. Größte Abweichung zuerst: beschriftete Fotos mit den meisten Fehlalarmen und übersehenen Objekten.</translation>
    </message>
    <message>
        <source>Hidden</source>
        <translation>Ausgeblendet</translation>
    </message>
    <message>
        <source>Overlaid</source>
        <translation>Überlagert</translation>
    </message>
    <message>
        <source>Beside</source>
        <translation>Daneben</translation>
    </message>
    <message>
        <source>Class</source>
        <translation>Klasse</translation>
    </message>
    <message>
        <source>Score</source>
        <translation>Konfidenz</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Review</source>
        <translation>Prüfung</translation>
    </message>
    <message>
        <source>Model A/B</source>
        <translation>Modell A/B</translation>
    </message>
    <message>
        <source>&lt;span style=&apos;color:%1&apos;&gt;■&lt;/span&gt; false positive &amp;nbsp; &lt;span style=&apos;color:%2&apos;&gt;■&lt;/span&gt; missed &amp;nbsp; &lt;span style=&apos;color:%3&apos;&gt;■&lt;/span&gt; accepted</source>
        <translation>&lt;span style=&apos;color:%1&apos;&gt;■&lt;/span&gt; Fehlalarm &amp;nbsp; &lt;span style=&apos;color:%2&apos;&gt;■&lt;/span&gt; übersehen &amp;nbsp; &lt;span style=&apos;color:%3&apos;&gt;■&lt;/span&gt; übernommen</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <source>Ground truth</source>
        <translation>Referenz</translation>
    </message>
    <message>
        <source>A</source>
        <translation>A</translation>
    </message>
    <message>
        <source>B</source>
        <translation>B</translation>
    </message>
    <message>
        <source>Model A: %1 (the Review tab&apos;s model)</source>
        <translation>Modell A: %1 (das Modell des Reiters „Prüfung“)</translation>
    </message>
    <message>
        <source>The model cannot be used: %1</source>
        <translation>Das Modell kann nicht verwendet werden: %1</translation>
    </message>
    <message>
        <source>Predicting with %1…</source>
        <translation>Vorhersage mit %1 …</translation>
    </message>
    <message>
        <source>Prediction stopped: %1</source>
        <translation>Vorhersage abgebrochen: %1</translation>
    </message>
    <message>
        <source>Prediction cancelled: %1 photos predicted, %2 from the cache.</source>
        <translation>Vorhersage abgebrochen: %1 Fotos vorhergesagt, %2 aus dem Cache.</translation>
    </message>
    <message>
        <source>%1 photos predicted, %2 from the cache.</source>
        <translation>%1 Fotos vorhergesagt, %2 aus dem Cache.</translation>
    </message>
    <message>
        <source>Next photo in the queue</source>
        <translation>Nächstes Foto der Warteschlange</translation>
    </message>
    <message>
        <source>Previous photo in the queue</source>
        <translation>Vorheriges Foto der Warteschlange</translation>
    </message>
    <message>
        <source>Select the next detection</source>
        <translation>Nächste Erkennung auswählen</translation>
    </message>
    <message>
        <source>Select the previous detection</source>
        <translation>Vorherige Erkennung auswählen</translation>
    </message>
    <message>
        <source>Accept the detection</source>
        <translation>Erkennung übernehmen</translation>
    </message>
    <message>
        <source>Reject the detection</source>
        <translation>Erkennung verwerfen</translation>
    </message>
    <message>
        <source>Accept and edit in the canvas</source>
        <translation>Übernehmen und auf der Zeichenfläche bearbeiten</translation>
    </message>
    <message>
        <source>Confirm the photo as negative</source>
        <translation>Foto als Negativbeispiel bestätigen</translation>
    </message>
    <message>
        <source>Ground truth: hidden, overlaid, beside</source>
        <translation>Referenz: ausgeblendet, überlagert, daneben</translation>
    </message>
    <message>
        <source>Raise the threshold by 0.05</source>
        <translation>Schwelle um 0,05 erhöhen</translation>
    </message>
    <message>
        <source>Lower the threshold by 0.05</source>
        <translation>Schwelle um 0,05 senken</translation>
    </message>
    <message>
        <source>Accept</source>
        <translation>Annehmen</translation>
    </message>
    <message>
        <source>Reject</source>
        <translation>Verwerfen</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>Bearbeiten …</translation>
    </message>
    <message>
        <source>Confirm negative</source>
        <translation>Als negativ bestätigen</translation>
    </message>
    <message>
        <source>◀ Previous</source>
        <translation>◀ Zurück</translation>
    </message>
    <message>
        <source>Next ▶</source>
        <translation>Weiter ▶</translation>
    </message>
    <message>
        <source>Adds the detection as an annotation (source: accepted)</source>
        <translation>Fügt die Erkennung als Annotation hinzu (Quelle: übernommen)</translation>
    </message>
    <message>
        <source>Records that the detection is wrong</source>
        <translation>Hält fest, dass die Erkennung falsch ist</translation>
    </message>
    <message>
        <source>Accepts the detection and opens the photo in the canvas</source>
        <translation>Übernimmt die Erkennung und öffnet das Foto auf der Zeichenfläche</translation>
    </message>
    <message>
        <source>Marks the photo as holding none of the classes (only a photo without shapes)</source>
        <translation>Markiert das Foto als eines ohne Objekte der Klassen (nur ein Foto ohne Formen)</translation>
    </message>
    <message>
        <source>Accepted as an annotation (Ctrl+Z undoes it).</source>
        <translation>Als Annotation übernommen (Strg+Z macht es rückgängig).</translation>
    </message>
    <message>
        <source>The decision could not be saved: %1</source>
        <translation>Die Entscheidung konnte nicht gespeichert werden: %1</translation>
    </message>
    <message>
        <source>Rejected; the decision is kept in the project.</source>
        <translation>Verworfen; die Entscheidung ist im Projekt festgehalten.</translation>
    </message>
    <message>
        <source>The photo is confirmed negative (Ctrl+Z undoes it).</source>
        <translation>Das Foto ist als negativ bestätigt (Strg+Z macht es rückgängig).</translation>
    </message>
    <message>
        <source>not predicted</source>
        <translation>nicht vorhergesagt</translation>
    </message>
    <message numerus="yes">
        <source>%n found</source>
        <translation>
            <numerusform>%n gefunden</numerusform>
            <numerusform>%n gefunden</numerusform>
        </translation>
    </message>
    <message>
        <source> · %1 false pos. · %2 missed</source>
        <translation> · %1 Fehlalarme · %2 übersehen</translation>
    </message>
    <message>
        <source> · negative</source>
        <translation> · negativ</translation>
    </message>
    <message>
        <source>missed: %1</source>
        <translation>übersehen: %1</translation>
    </message>
    <message>
        <source>FP: %1</source>
        <translation>FA: %1</translation>
    </message>
    <message>
        <source>✓ %1</source>
        <translation>✓ %1</translation>
    </message>
    <message>
        <source>rejected: %1</source>
        <translation>verworfen: %1</translation>
    </message>
    <message>
        <source>No project open.</source>
        <translation>Kein Projekt geöffnet.</translation>
    </message>
    <message>
        <source>No photo in the review queue.</source>
        <translation>Kein Foto in der Prüf-Warteschlange.</translation>
    </message>
    <message>
        <source>Loading the photo…</source>
        <translation>Foto wird geladen …</translation>
    </message>
    <message>
        <source>missed</source>
        <translation>übersehen</translation>
    </message>
    <message>
        <source>detection</source>
        <translation>Erkennung</translation>
    </message>
    <message>
        <source>matches ground truth</source>
        <translation>stimmt mit Referenz überein</translation>
    </message>
    <message>
        <source>false positive</source>
        <translation>Fehlalarm</translation>
    </message>
    <message>
        <source>accepted</source>
        <translation>übernommen</translation>
    </message>
    <message>
        <source>rejected</source>
        <translation>verworfen</translation>
    </message>
    <message>
        <source>%1
A: %2, B: %3 · only A: %4 · only B: %5</source>
        <translation>%1
A: %2, B: %3 · nur A: %4 · nur B: %5</translation>
    </message>
    <message>
        <source> · other class: %1</source>
        <translation> · andere Klasse: %1</translation>
    </message>
    <message>
        <source>Predict with both models to compare them.</source>
        <translation>Mit beiden Modellen vorhersagen, um sie zu vergleichen.</translation>
    </message>
    <message>
        <source>%1 of %2 photos predicted by both models differ at threshold %3.</source>
        <translation>%1 von %2 Fotos, die beide Modelle vorhergesagt haben, weichen bei Schwelle %3 ab.</translation>
    </message>
    <message>
        <source>Choose a photo from the list.</source>
        <translation>Ein Foto aus der Liste wählen.</translation>
    </message>
    <message>
        <source>A: %1</source>
        <translation>A: %1</translation>
    </message>
    <message>
        <source>B: %1</source>
        <translation>B: %1</translation>
    </message>
</context>
<context>
    <name>sam3::ui::ShapesPanel</name>
    <message>
        <source>(no class)</source>
        <translation>(keine Klasse)</translation>
    </message>
    <message>
        <source>box %1 × %2</source>
        <translation>Rechteck %1 × %2</translation>
    </message>
    <message>
        <source>polygon, %1 points</source>
        <translation>Polygon, %1 Punkte</translation>
    </message>
    <message>
        <source>, 1 hole</source>
        <translation>, 1 Loch</translation>
    </message>
    <message>
        <source>, %1 holes</source>
        <translation>, %1 Löcher</translation>
    </message>
    <message>
        <source>Attributes: %1</source>
        <translation>Attribute: %1</translation>
    </message>
    <message>
        <source>Attributes of the selected shape</source>
        <translation>Attribute der ausgewählten Form</translation>
    </message>
    <message>
        <source>Select a shape to see its attributes</source>
        <translation>Eine Form auswählen, um ihre Attribute zu sehen</translation>
    </message>
    <message>
        <source>Each attribute of a shape needs its own name.</source>
        <translation>Jedes Attribut einer Form braucht einen eigenen Namen.</translation>
    </message>
    <message>
        <source>attribute %1</source>
        <translation>Attribut %1</translation>
    </message>
    <message>
        <source>Class</source>
        <translation>Klasse</translation>
    </message>
    <message>
        <source>Shape</source>
        <translation>Form</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Wert</translation>
    </message>
    <message>
        <source>Delete the selected shape</source>
        <translation>Die ausgewählte Form löschen</translation>
    </message>
    <message>
        <source>Add attribute</source>
        <translation>Attribut hinzufügen</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Entfernen</translation>
    </message>
    <message>
        <source>Remove the selected attribute</source>
        <translation>Das ausgewählte Attribut entfernen</translation>
    </message>
    <message>
        <source>Delete shape</source>
        <translation>Form löschen</translation>
    </message>
    <message>
        <source> · proposal %1</source>
        <translation> · Vorschlag %1</translation>
    </message>
    <message>
        <source> · proposal</source>
        <translation> · Vorschlag</translation>
    </message>
    <message>
        <source> · model, accepted</source>
        <translation> · Modell, angenommen</translation>
    </message>
    <message numerus="yes">
        <source>%n proposal(s) to review</source>
        <translation>
            <numerusform>%n Vorschlag zu prüfen</numerusform>
            <numerusform>%n Vorschläge zu prüfen</numerusform>
        </translation>
    </message>
    <message>
        <source>Accept</source>
        <translation>Annehmen</translation>
    </message>
    <message>
        <source>Accept the selected proposal as a confirmed shape (Y)</source>
        <translation>Den gewählten Vorschlag als bestätigte Form annehmen (Y)</translation>
    </message>
    <message>
        <source>Reject</source>
        <translation>Verwerfen</translation>
    </message>
    <message>
        <source>Reject the selected proposal (N)</source>
        <translation>Den gewählten Vorschlag verwerfen (N)</translation>
    </message>
    <message>
        <source>Accept all</source>
        <translation>Alle annehmen</translation>
    </message>
    <message>
        <source>Accept every proposal of this photo (Shift+Y)</source>
        <translation>Alle Vorschläge dieses Fotos annehmen (Umschalt+Y)</translation>
    </message>
    <message>
        <source>Reject all</source>
        <translation>Alle verwerfen</translation>
    </message>
    <message>
        <source>Reject every proposal of this photo (Shift+N)</source>
        <translation>Alle Vorschläge dieses Fotos verwerfen (Umschalt+N)</translation>
    </message>
</context>
<context>
    <name>sam3::ui::ShortcutsDialog</name>
    <message>
        <source>Clear</source>
        <translation>Leeren</translation>
    </message>
    <message>
        <source>Default</source>
        <translation>Standard</translation>
    </message>
    <message>
        <source>Keyboard Shortcuts</source>
        <translation>Tastenkürzel</translation>
    </message>
    <message>
        <source>Area</source>
        <translation>Bereich</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Aktion</translation>
    </message>
    <message>
        <source>Shortcut</source>
        <translation>Tastenkürzel</translation>
    </message>
    <message>
        <source>Reset All</source>
        <translation>Alle zurücksetzen</translation>
    </message>
    <message>
        <source>Shortcut:</source>
        <translation>Tastenkürzel:</translation>
    </message>
    <message>
        <source>Every shortcut is back to its default.</source>
        <translation>Alle Tastenkürzel sind wieder auf ihrem Standard.</translation>
    </message>
    <message>
        <source>%1 is already taken by &quot;%2&quot;. Choose another key or change that one first.</source>
        <translation>%1 ist schon mit „%2“ belegt. Eine andere Taste wählen oder zuerst jenes ändern.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; has no shortcut now.</source>
        <translation>„%1“ hat jetzt kein Tastenkürzel.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is now %2.</source>
        <translation>„%1“ ist jetzt %2.</translation>
    </message>
    <message>
        <source>Select an action, click the field below and press the new keys. A change applies at once and is kept for the next start.</source>
        <translation>Eine Aktion auswählen, in das Feld unten klicken und die neuen Tasten drücken. Eine Änderung gilt sofort und bleibt für den nächsten Start erhalten.</translation>
    </message>
</context>
<context>
    <name>sam3::ui::SmartPolygonTool</name>
    <message>
        <source>Smart polygon needs SAM3 weights: choose a weights file (Weights… in the SAM3 bar) or set an active model in Train.</source>
        <translation>Smart-Polygon braucht SAM3-Gewichte: Wählen Sie eine Gewichtsdatei (Gewichte… in der SAM3-Leiste) oder legen Sie unter Trainieren ein aktives Modell fest.</translation>
    </message>
    <message>
        <source>Loading the SAM3 model for smart polygon…</source>
        <translation>SAM3-Modell für Smart-Polygon wird geladen…</translation>
    </message>
    <message>
        <source>Computing the image embedding of this photo…</source>
        <translation>Bild-Embedding dieses Fotos wird berechnet…</translation>
    </message>
    <message>
        <source>Smart polygon on %1: click the object (right click or Shift+click: not this), drag a box; Enter accepts, Esc clears.</source>
        <translation>Smart-Polygon auf %1: Objekt anklicken (Rechtsklick oder Umschalt+Klick: nicht dies), Rahmen ziehen; Eingabe übernimmt, Esc verwirft.</translation>
    </message>
    <message>
        <source>Smart polygon model %1 loaded on %2.</source>
        <translation>Smart-Polygon-Modell %1 auf %2 geladen.</translation>
    </message>
    <message>
        <source>Image embedding read from the project&apos;s cache.</source>
        <translation>Bild-Embedding aus dem Zwischenspeicher des Projekts gelesen.</translation>
    </message>
    <message>
        <source>Image embedding computed in %1 s on %2.</source>
        <translation>Bild-Embedding in %1 s auf %2 berechnet.</translation>
    </message>
    <message>
        <source>Could not load the SAM3 weights for smart polygon: %1. Choose a weights file (Weights… in the SAM3 bar) or set an active model in Train.</source>
        <translation>Die SAM3-Gewichte für Smart-Polygon ließen sich nicht laden: %1. Wählen Sie eine Gewichtsdatei (Gewichte… in der SAM3-Leiste) oder legen Sie unter Trainieren ein aktives Modell fest.</translation>
    </message>
    <message>
        <source>Could not compute the image embedding: %1</source>
        <translation>Das Bild-Embedding ließ sich nicht berechnen: %1</translation>
    </message>
    <message>
        <source>Smart polygon prediction failed: %1</source>
        <translation>Smart-Polygon-Vorhersage fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>Click the object first.</source>
        <translation>Klicken Sie zuerst auf das Objekt.</translation>
    </message>
    <message>
        <source>The mask is still being computed; press Enter again when it shows.</source>
        <translation>Die Maske wird noch berechnet; drücken Sie Eingabe erneut, sobald sie erscheint.</translation>
    </message>
    <message>
        <source>Add a class in the Classes panel before accepting a smart polygon.</source>
        <translation>Legen Sie im Bereich Klassen eine Klasse an, bevor Sie ein Smart-Polygon übernehmen.</translation>
    </message>
    <message>
        <source>The mask is empty: click inside the object.</source>
        <translation>Die Maske ist leer: Klicken Sie in das Objekt.</translation>
    </message>
    <message>
        <source>Smart polygon</source>
        <translation>Smart-Polygon</translation>
    </message>
    <message numerus="yes">
        <source>Smart polygon added (%n shape(s)); the Simplify slider still changes it.</source>
        <translation>
            <numerusform>Smart-Polygon hinzugefügt (%n Form); der Regler Vereinfachen ändert es weiterhin.</numerusform>
            <numerusform>Smart-Polygon hinzugefügt (%n Formen); der Regler Vereinfachen ändert es weiterhin.</numerusform>
        </translation>
    </message>
    <message>
        <source>Simplify smart polygon</source>
        <translation>Smart-Polygon vereinfachen</translation>
    </message>
    <message>
        <source>Loading the SAM3 model… %1 s</source>
        <translation>SAM3-Modell wird geladen… %1 s</translation>
    </message>
    <message>
        <source>Computing the image embedding… %1 s%2</source>
        <translation>Bild-Embedding wird berechnet… %1 s%2</translation>
    </message>
    <message>
        <source>Simplify leaves the smart polygon alone: it was edited by hand.</source>
        <translation>Vereinfachen lässt das Smart-Polygon unverändert: es wurde von Hand bearbeitet.</translation>
    </message>
    <message>
        <source>The simplification was not saved with the smart polygon&apos;s outline: %1</source>
        <translation>Die Vereinfachung wurde nicht mit dem Umriss des Smart-Polygons gespeichert: %1</translation>
    </message>
    <message>
        <source>The smart polygon was added, but its outline could not be saved: after closing the project, Simplify will not change it. %1</source>
        <translation>Das Smart-Polygon wurde hinzugefügt, aber sein Umriss konnte nicht gespeichert werden: nach dem Schließen des Projekts ändert „Vereinfachen“ es nicht mehr. %1</translation>
    </message>
    <message>
        <source>The saved outline of the smart polygon on this photo is unreadable: %1</source>
        <translation>Der gespeicherte Umriss des Smart-Polygons auf diesem Foto ist nicht lesbar: %1</translation>
    </message>
</context>
<context>
    <name>sam3::ui::SmartTools</name>
    <message>
        <source>No SAM3 weights: choose a weights file (Weights… in the SAM3 bar: model.safetensors or sam3.pt of facebook/sam3), set an active model in Train &gt; Checkpoints, or download facebook/sam3 into the Hugging Face cache.</source>
        <translation>Keine SAM3-Gewichte: Wählen Sie eine Gewichtsdatei (Gewichte… in der SAM3-Leiste: model.safetensors oder sam3.pt von facebook/sam3), legen Sie unter Trainieren &gt; Checkpoints ein aktives Modell fest oder laden Sie facebook/sam3 in den Hugging-Face-Zwischenspeicher.</translation>
    </message>
    <message>
        <source>%1 px</source>
        <translation>%1 px</translation>
    </message>
    <message>
        <source>SAM3 weights</source>
        <translation>SAM3-Gewichte</translation>
    </message>
    <message>
        <source>SAM3 weights (*.safetensors *.pt)</source>
        <translation>SAM3-Gewichte (*.safetensors *.pt)</translation>
    </message>
    <message>
        <source>Find</source>
        <translation>Finden</translation>
    </message>
    <message>
        <source>class prompt</source>
        <translation>Klassen-Prompt</translation>
    </message>
    <message>
        <source>What SAM3 looks for: the current class&apos;s prompt, or any text</source>
        <translation>Wonach SAM3 sucht: der Prompt der aktuellen Klasse oder ein beliebiger Text</translation>
    </message>
    <message>
        <source>In this photo</source>
        <translation>In diesem Foto</translation>
    </message>
    <message>
        <source>Pre-label this photo: proposals to accept or reject</source>
        <translation>Dieses Foto vorbeschriften: Vorschläge zum Annehmen oder Verwerfen</translation>
    </message>
    <message>
        <source>In selected photos</source>
        <translation>In gewählten Fotos</translation>
    </message>
    <message>
        <source>Pre-label the photos selected in the Photos panel (Ctrl/Shift+click to select several)</source>
        <translation>Die im Bereich Fotos gewählten Fotos vorbeschriften (Strg/Umschalt+Klick wählt mehrere)</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Simplify</source>
        <translation>Vereinfachen</translation>
    </message>
    <message>
        <source>Accept</source>
        <translation>Annehmen</translation>
    </message>
    <message>
        <source>Add the smart polygon as a shape of the current class (Enter)</source>
        <translation>Das Smart-Polygon als Form der aktuellen Klasse hinzufügen (Eingabe)</translation>
    </message>
    <message>
        <source>Weights…</source>
        <translation>Gewichte…</translation>
    </message>
    <message>
        <source>Choose the SAM3 weights file for smart polygon and pre-labelling</source>
        <translation>Die SAM3-Gewichtsdatei für Smart-Polygon und Vorbeschriftung wählen</translation>
    </message>
    <message>
        <source>How far the smart polygon may leave the mask&apos;s outline (pixels); also changes the polygon accepted last on this photo, until the project is closed</source>
        <translation>Wie weit das Smart-Polygon vom Umriss der Maske abweichen darf (Pixel); ändert auch das zuletzt auf diesem Foto übernommene Polygon, bis das Projekt geschlossen wird</translation>
    </message>
</context>
<context>
    <name>sam3::ui::TaskDialog</name>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>Wird gestartet…</translation>
    </message>
    <message>
        <source>Cancelling… (the current step finishes first)</source>
        <translation>Wird abgebrochen… (der laufende Schritt endet zuerst)</translation>
    </message>
    <message>
        <source>This step writes one transaction and cannot be interrupted.</source>
        <translation>Dieser Schritt schreibt eine Transaktion und lässt sich nicht unterbrechen.</translation>
    </message>
</context>
<context>
    <name>sam3::ui::TrainingForm</name>
    <message>
        <source>The config check names this key: see the message under the YAML</source>
        <translation>Die Konfigurationsprüfung nennt diesen Schlüssel: siehe die Meldung unter dem YAML</translation>
    </message>
</context>
<context>
    <name>sam3::ui::TrainingPage</name>
    <message>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <source>Preset</source>
        <translation>Voreinstellung</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <source>Effective config (YAML, editable)</source>
        <translation>Wirksame Konfiguration (YAML, bearbeitbar)</translation>
    </message>
    <message>
        <source>Pre-flight check</source>
        <translation>Vorabprüfung</translation>
    </message>
    <message>
        <source>Log</source>
        <translation>Protokoll</translation>
    </message>
    <message>
        <source>Train</source>
        <translation>Trainieren</translation>
    </message>
    <message>
        <source>Runs and checkpoints</source>
        <translation>Läufe und Checkpoints</translation>
    </message>
    <message>
        <source>Check</source>
        <translation>Prüfen</translation>
    </message>
    <message>
        <source>Run the pre-flight check without starting</source>
        <translation>Die Vorabprüfung ausführen, ohne zu starten</translation>
    </message>
    <message>
        <source>Start training</source>
        <translation>Training starten</translation>
    </message>
    <message>
        <source>Continue</source>
        <translation>Fortsetzen</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>Pausieren</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Stop after the current step; a checkpoint to resume from is written</source>
        <translation>Nach dem laufenden Schritt anhalten; ein Checkpoint zum Fortsetzen wird geschrieben</translation>
    </message>
    <message>
        <source>Resume last run</source>
        <translation>Letzten Lauf fortsetzen</translation>
    </message>
    <message>
        <source>Continue the newest unfinished run from its last checkpoint</source>
        <translation>Den neuesten unfertigen Lauf ab seinem letzten Checkpoint fortsetzen</translation>
    </message>
    <message>
        <source>Not running.</source>
        <translation>Läuft nicht.</translation>
    </message>
    <message>
        <source>Valid: %1 keys, every default written out.</source>
        <translation>Gültig: %1 Schlüssel, jeder Standardwert ausgeschrieben.</translation>
    </message>
    <message>
        <source>Line %1</source>
        <translation>Zeile %1</translation>
    </message>
    <message>
        <source>key %1</source>
        <translation>Schlüssel %1</translation>
    </message>
    <message>
        <source>No unfinished run with a checkpoint in this project.</source>
        <translation>Kein unfertiger Lauf mit Checkpoint in diesem Projekt.</translation>
    </message>
    <message>
        <source>Checking before resuming %1 …</source>
        <translation>Prüfung vor dem Fortsetzen von %1 …</translation>
    </message>
    <message>
        <source>Checking before training …</source>
        <translation>Prüfung vor dem Training …</translation>
    </message>
    <message>
        <source>Not started: the pre-flight check found problems (see the list).</source>
        <translation>Nicht gestartet: Die Vorabprüfung fand Probleme (siehe Liste).</translation>
    </message>
    <message>
        <source>Not started: fix the problems marked red in the pre-flight list.</source>
        <translation>Nicht gestartet: Die rot markierten Probleme der Vorabprüfung beheben.</translation>
    </message>
    <message>
        <source>this run</source>
        <translation>dieser Lauf</translation>
    </message>
    <message>
        <source>Training in %1</source>
        <translation>Training in %1</translation>
    </message>
    <message>
        <source>Pausing after the current step …</source>
        <translation>Pause nach dem laufenden Schritt …</translation>
    </message>
    <message>
        <source>Cancelling: the current step finishes and a checkpoint is written …</source>
        <translation>Abbruch: Der laufende Schritt endet und ein Checkpoint wird geschrieben …</translation>
    </message>
    <message>
        <source>step %1 of %2 (%p%)</source>
        <translation>Schritt %1 von %2 (%p%)</translation>
    </message>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>GPU memory %1 (peak %2)</source>
        <translation>GPU-Speicher %1 (Spitze %2)</translation>
    </message>
    <message>
        <source>Epoch %1 · loss %2 · %3 images/s · ETA %4 · %5</source>
        <translation>Epoche %1 · Verlust %2 · %3 Bilder/s · Rest %4 · %5</translation>
    </message>
    <message>
        <source>Validation at step %1: box mAP %2, AP50 %3, recall %4%5</source>
        <translation>Validierung bei Schritt %1: Box-mAP %2, AP50 %3, Recall %4%5</translation>
    </message>
    <message>
        <source> (best so far)</source>
        <translation> (bisher bester)</translation>
    </message>
    <message>
        <source>Finished after %1 steps. Last checkpoint: %2</source>
        <translation>Fertig nach %1 Schritten. Letzter Checkpoint: %2</translation>
    </message>
    <message>
        <source>Cancelled at step %1 of %2; resume continues from %3</source>
        <translation>Abgebrochen bei Schritt %1 von %2; Fortsetzen beginnt bei %3</translation>
    </message>
    <message>
        <source>The training config is not valid (%1). Change it in the form or the YAML view: %2</source>
        <translation>Die Trainingskonfiguration ist ungültig (%1). Im Formular oder in der YAML-Ansicht ändern: %2</translation>
    </message>
    <message>
        <source>line %1</source>
        <translation>Zeile %1</translation>
    </message>
    <message>
        <source>Out of memory. Choose a preset for less memory (frozen text tower, LoRA), fewer photos per step, or a smaller input side; then resume from the last checkpoint. (%1)</source>
        <translation>Speicher erschöpft. Eine sparsamere Voreinstellung (eingefrorener Text-Turm, LoRA), weniger Fotos pro Schritt oder eine kleinere Eingabeseite wählen; dann ab dem letzten Checkpoint fortsetzen. (%1)</translation>
    </message>
    <message>
        <source>Training diverged: %1 became NaN or infinite at step %2. Lower the learning rate (halve optimizer.lr) or lengthen the warm-up, then resume from the last checkpoint.</source>
        <translation>Das Training ist divergiert: %1 wurde bei Schritt %2 NaN oder unendlich. Die Lernrate senken (optimizer.lr halbieren) oder das Aufwärmen verlängern, dann ab dem letzten Checkpoint fortsetzen.</translation>
    </message>
    <message>
        <source>Could not write or read %1: %2. Free disk space (delete old checkpoints in Runs and checkpoints) and resume.</source>
        <translation>%1 ließ sich nicht schreiben oder lesen: %2. Speicherplatz freigeben (alte Checkpoints unter Läufe und Checkpoints löschen) und fortsetzen.</translation>
    </message>
    <message>
        <source>The weights do not fit the model: %1. Choose weights of the same model size.</source>
        <translation>Die Gewichte passen nicht zum Modell: %1. Gewichte derselben Modellgröße wählen.</translation>
    </message>
    <message>
        <source>Training stopped.</source>
        <translation>Training angehalten.</translation>
    </message>
    <message>
        <source>Train on</source>
        <translation>Trainieren auf</translation>
    </message>
    <message>
        <source>1 GPU</source>
        <translation>1 GPU</translation>
    </message>
    <message>
        <source>%1 GPUs</source>
        <translation>%1 GPUs</translation>
    </message>
    <message>
        <source>Several GPUs train data-parallel, one process each (sam3studio-cli); such a run can be cancelled and resumed, not paused</source>
        <translation>Mehrere GPUs trainieren datenparallel, je ein Prozess (sam3studio-cli); ein solcher Lauf lässt sich abbrechen und fortsetzen, nicht pausieren</translation>
    </message>
    <message>
        <source>A run on several GPUs cannot pause: cancel it and resume later</source>
        <translation>Ein Lauf auf mehreren GPUs kann nicht pausieren: abbrechen und später fortsetzen</translation>
    </message>
    <message>
        <source>Training on %1 GPUs, one process each: %2 train --gpus %1</source>
        <translation>Training auf %1 GPUs, je ein Prozess: %2 train --gpus %1</translation>
    </message>
    <message>
        <source>Training on several GPUs stopped: %1. Resume last run continues from the last checkpoint.</source>
        <translation>Das Training auf mehreren GPUs wurde beendet: %1. „Letzten Lauf fortsetzen“ macht beim letzten Checkpoint weiter.</translation>
    </message>
    <message>
        <source>%1 GPUs, one process each, through %2</source>
        <translation>%1 GPUs, je ein Prozess, über %2</translation>
    </message>
    <message>
        <source>training on several GPUs needs sam3studio-cli, which is not at %1</source>
        <translation>Training auf mehreren GPUs braucht sam3studio-cli, das nicht unter %1 liegt</translation>
    </message>
    <message>
        <source>install sam3studio-cli beside the app, set SAM3STUDIO_CLI to it, or train on 1 GPU</source>
        <translation>sam3studio-cli neben der App installieren, SAM3STUDIO_CLI darauf setzen oder auf 1 GPU trainieren</translation>
    </message>
</context>
<context>
    <name>sam3::ui::TrainingWorker</name>
    <message>
        <source>Paused after step %1.</source>
        <translation>Pausiert nach Schritt %1.</translation>
    </message>
    <message>
        <source>Resumed.</source>
        <translation>Fortgesetzt.</translation>
    </message>
</context>
<context>
    <name>sam3::ui::WeightsDialog</name>
    <message>
        <source>Download SAM3 Weights</source>
        <translation>SAM3-Gewichte herunterladen</translation>
    </message>
    <message>
        <source>&lt;p&gt;Meta publishes SAM3&apos;s weights on Hugging Face as &lt;a href=&quot;%1&quot;&gt;%2&lt;/a&gt;. The model is &lt;b&gt;gated&lt;/b&gt;: you download it with your own Hugging Face account after accepting its licence, once.&lt;/p&gt;&lt;ol&gt;&lt;li&gt;Sign in at huggingface.co (or create a free account).&lt;/li&gt;&lt;li&gt;Open &lt;a href=&quot;%1&quot;&gt;the model page&lt;/a&gt;, read the licence and request access. Meta approves requests; the page says when you have access.&lt;/li&gt;&lt;li&gt;Create an access token of type &lt;i&gt;Read&lt;/i&gt; at &lt;a href=&quot;https://huggingface.co/settings/tokens&quot;&gt;huggingface.co/settings/tokens&lt;/a&gt; and paste it below.&lt;/li&gt;&lt;/ol&gt;</source>
        <translation>&lt;p&gt;Meta veröffentlicht die Gewichte von SAM3 auf Hugging Face als &lt;a href=&quot;%1&quot;&gt;%2&lt;/a&gt;. Das Modell ist &lt;b&gt;zugangsbeschränkt&lt;/b&gt;: Sie laden es mit Ihrem eigenen Hugging-Face-Konto herunter, nachdem Sie einmalig seine Lizenz akzeptiert haben.&lt;/p&gt;&lt;ol&gt;&lt;li&gt;Bei huggingface.co anmelden (oder ein kostenloses Konto anlegen).&lt;/li&gt;&lt;li&gt;&lt;a href=&quot;%1&quot;&gt;Die Modellseite&lt;/a&gt; öffnen, die Lizenz lesen und Zugang beantragen. Meta genehmigt die Anfragen; die Seite zeigt, wann Sie Zugang haben.&lt;/li&gt;&lt;li&gt;Unter &lt;a href=&quot;https://huggingface.co/settings/tokens&quot;&gt;huggingface.co/settings/tokens&lt;/a&gt; ein Zugriffstoken vom Typ &lt;i&gt;Read&lt;/i&gt; erstellen und unten einfügen.&lt;/li&gt;&lt;/ol&gt;</translation>
    </message>
    <message>
        <source>Access token:</source>
        <translation>Zugriffstoken:</translation>
    </message>
    <message>
        <source>hf_…</source>
        <translation>hf_…</translation>
    </message>
    <message>
        <source>No token found in the keychain, HF_TOKEN or %1.</source>
        <translation>Kein Token im Schlüsselbund, in HF_TOKEN oder in %1 gefunden.</translation>
    </message>
    <message>
        <source>Token taken from %1.</source>
        <translation>Token aus %1 übernommen.</translation>
    </message>
    <message>
        <source>Remember the token in the system keychain</source>
        <translation>Token im Schlüsselbund des Systems speichern</translation>
    </message>
    <message>
        <source>Remember the token (this build has no keychain support)</source>
        <translation>Token speichern (diese Version unterstützt keinen Schlüsselbund)</translation>
    </message>
    <message>
        <source>The files go to the Hugging Face cache, &lt;code&gt;%1&lt;/code&gt;, where SAM3 Studio and Python tools find them. An interrupted download continues where it stopped.</source>
        <translation>Die Dateien kommen in den Hugging-Face-Cache, &lt;code&gt;%1&lt;/code&gt;, wo SAM3 Studio und Python-Werkzeuge sie finden. Ein unterbrochener Download macht dort weiter, wo er aufgehört hat.</translation>
    </message>
    <message>
        <source>Download</source>
        <translation>Herunterladen</translation>
    </message>
    <message>
        <source>Enter an access token first (step 3 above).</source>
        <translation>Geben Sie zuerst ein Zugriffstoken ein (Schritt 3 oben).</translation>
    </message>
    <message>
        <source>The keychain did not keep the token: %1</source>
        <translation>Der Schlüsselbund hat das Token nicht gespeichert: %1</translation>
    </message>
    <message>
        <source>Listing the files of %1…</source>
        <translation>Dateiliste von %1 wird abgerufen …</translation>
    </message>
    <message>
        <source>%1: %2 of %3</source>
        <translation>%1: %2 von %3</translation>
    </message>
    <message>
        <source>Done. %1 is in the Hugging Face cache (revision %2); SAM3 Studio uses it from now on.</source>
        <translation>Fertig. %1 liegt im Hugging-Face-Cache (Revision %2); SAM3 Studio verwendet es ab jetzt.</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Schließen</translation>
    </message>
</context>
<context>
    <name>sam3::ui::WelcomePage</name>
    <message>
        <source>Welcome to SAM3 Studio</source>
        <translation>Willkommen bei SAM3 Studio</translation>
    </message>
    <message>
        <source>Label photos of electrical equipment, fine-tune SAM3 on them and review what it finds. Three steps get you going:</source>
        <translation>Fotos elektrischer Betriebsmittel beschriften, SAM3 darauf feinabstimmen und prüfen, was es findet. In drei Schritten geht es los:</translation>
    </message>
    <message>
        <source>Bring in your photos</source>
        <translation>Fotos hereinholen</translation>
    </message>
    <message>
        <source>Create a project and import photos, or a dataset you already have: a Roboflow export (COCO), YOLO, Pascal VOC or labelme. Photos are copied into the project folder. To look around first, open the demo project: generated panel photos with labelled fuse cutouts.</source>
        <translation>Ein Projekt anlegen und Fotos importieren, oder einen vorhandenen Datensatz: einen Roboflow-Export (COCO), YOLO, Pascal VOC oder labelme. Die Fotos werden in den Projektordner kopiert. Wer sich erst umsehen will, öffnet das Demoprojekt: erzeugte Schaltfeld-Fotos mit beschrifteten Sicherungstrennern.</translation>
    </message>
    <message>
        <source>New Project…</source>
        <translation>Neues Projekt…</translation>
    </message>
    <message>
        <source>Open Project…</source>
        <translation>Projekt öffnen…</translation>
    </message>
    <message>
        <source>Open the Demo Project</source>
        <translation>Demoprojekt öffnen</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>Beschriften</translation>
    </message>
    <message>
        <source>Pick a class on the right (each class carries the text prompt SAM3 sees), then draw polygons (&lt;b&gt;P&lt;/b&gt;) or boxes (&lt;b&gt;B&lt;/b&gt;) and fix them with the edit tool (&lt;b&gt;E&lt;/b&gt;). &lt;b&gt;D&lt;/b&gt; and &lt;b&gt;A&lt;/b&gt; go to the next and previous photo. Every edit is saved at once; &lt;b&gt;Ctrl+Z&lt;/b&gt; undoes it.</source>
        <translation>Rechts eine Klasse wählen (jede Klasse trägt den Text-Prompt, den SAM3 sieht), dann Polygone (&lt;b&gt;P&lt;/b&gt;) oder Rechtecke (&lt;b&gt;B&lt;/b&gt;) zeichnen und mit dem Bearbeiten-Werkzeug (&lt;b&gt;E&lt;/b&gt;) korrigieren. &lt;b&gt;D&lt;/b&gt; und &lt;b&gt;A&lt;/b&gt; gehen zum nächsten und vorherigen Foto. Jede Änderung wird sofort gespeichert; &lt;b&gt;Strg+Z&lt;/b&gt; macht sie rückgängig.</translation>
    </message>
    <message>
        <source>All Keyboard Shortcuts</source>
        <translation>Alle Tastenkürzel</translation>
    </message>
    <message>
        <source>Train</source>
        <translation>Trainieren</translation>
    </message>
    <message>
        <source>Fine-tune SAM3 on your labels in the Train mode (&lt;b&gt;Ctrl+2&lt;/b&gt;), then check its detections photo by photo in the Review mode (&lt;b&gt;Ctrl+3&lt;/b&gt;). Training the full model needs an NVIDIA GPU.</source>
        <translation>SAM3 im Modus Trainieren (&lt;b&gt;Strg+2&lt;/b&gt;) auf den eigenen Beschriftungen feinabstimmen, dann seine Erkennungen Foto für Foto im Modus Prüfung (&lt;b&gt;Strg+3&lt;/b&gt;) kontrollieren. Das Training des vollen Modells braucht eine NVIDIA-GPU.</translation>
    </message>
    <message>
        <source>&lt;b&gt;SAM3&apos;s weights&lt;/b&gt; come from Hugging Face: the model &lt;a href=&quot;https://huggingface.co/facebook/sam3&quot;&gt;facebook/sam3&lt;/a&gt; is gated. Sign in, request access on its page and create an access token; then download the weights once with &lt;code&gt;hf auth login&lt;/code&gt; and &lt;code&gt;hf download facebook/sam3&lt;/code&gt;. SAM3 Studio finds them in &lt;code&gt;~/.cache/huggingface/hub&lt;/code&gt;. The official checkpoint &lt;code&gt;sam3.pt&lt;/code&gt; works as well.</source>
        <translation>&lt;b&gt;Die Gewichte von SAM3&lt;/b&gt; kommen von Hugging Face: Das Modell &lt;a href=&quot;https://huggingface.co/facebook/sam3&quot;&gt;facebook/sam3&lt;/a&gt; ist zugangsbeschränkt. Anmelden, auf seiner Seite Zugang beantragen und ein Zugriffstoken erstellen; dann die Gewichte einmal mit &lt;code&gt;hf auth login&lt;/code&gt; und &lt;code&gt;hf download facebook/sam3&lt;/code&gt; herunterladen. SAM3 Studio findet sie in &lt;code&gt;~/.cache/huggingface/hub&lt;/code&gt;. Der offizielle Checkpoint &lt;code&gt;sam3.pt&lt;/code&gt; funktioniert ebenso.</translation>
    </message>
    <message>
        <source>Recent projects (double-click to open)</source>
        <translation>Zuletzt geöffnete Projekte (Doppelklick öffnet)</translation>
    </message>
</context>
</TS>
